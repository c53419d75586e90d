"""The endpoint's settings, from the environment (one place, documented in the README)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..desk.eligibility import Eligibility, load_eligibility
from ..paths import ROOT


@dataclass(frozen=True)
class EndpointSettings:
    # sqlite:///<path> (default, embedded) or postgresql://user:password@host:port/database
    # (postgres:// too); see mirai.endpoint.storage.
    database_url: str = f"sqlite:///{ROOT / 'var' / 'submissions.sqlite3'}"
    # Origins allowed to post from another origin (CORS). The site's own origin needs none.
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)
    max_body_bytes: int = 64 * 1024
    # A consultation carries its message sealed: base64url of UTF-8 is about 4/3 x 3 bytes a
    # character for Burmese, so a 20,000-character message is about 80 KB; 256 KB leaves room
    # for long messages and contact details, while every other body keeps the smaller limit.
    consultation_max_body_bytes: int = 256 * 1024
    submissions_per_minute: int = 20  # per client address
    # The desk's address for new-case notices (mirai.desk.notify); none: no notice is sent.
    desk_email: str | None = None
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_sender: str = "mirai-desk@localhost"
    # Who may send a consultation (data/desk.yml, the same file the site's build reads).
    eligibility: Eligibility = field(default_factory=load_eligibility)

    @classmethod
    def from_environment(cls) -> "EndpointSettings":
        env = os.environ
        return cls(
            database_url=env.get("MIRAI_DATABASE_URL", cls.database_url),
            allowed_origins=tuple(o.strip().rstrip("/") for o in env.get("MIRAI_ALLOWED_ORIGINS", "").split(",")
                                  if o.strip()),
            max_body_bytes=int(env.get("MIRAI_MAX_BODY_BYTES", cls.max_body_bytes)),
            consultation_max_body_bytes=int(env.get("MIRAI_CONSULTATION_MAX_BODY_BYTES",
                                                    cls.consultation_max_body_bytes)),
            submissions_per_minute=int(env.get("MIRAI_SUBMISSIONS_PER_MINUTE", cls.submissions_per_minute)),
            desk_email=env.get("MIRAI_DESK_EMAIL", "").strip() or None,
            smtp_host=env.get("MIRAI_SMTP_HOST", cls.smtp_host),
            smtp_port=int(env.get("MIRAI_SMTP_PORT", cls.smtp_port)),
            smtp_sender=env.get("MIRAI_SMTP_FROM", cls.smtp_sender),
        )
