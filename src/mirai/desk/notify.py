"""The desk's notice of a new case: an e-mail to the desk's address (MIRAI_DESK_EMAIL) through
the SMTP server at MIRAI_SMTP_HOST:MIRAI_SMTP_PORT, sent by the endpoint after the case's
transaction committed. It holds no personal data: the case number, the category and the
preferred language, nothing else (no prefecture, employer, message or contact). A notice
that cannot be sent is logged (without the case number) and lost: the case is stored, and
`mirai desk list` shows it all the same."""
from __future__ import annotations

import json
import logging
import smtplib
from email.message import EmailMessage

log = logging.getLogger("mirai.desk.notify")
SMTP_TIMEOUT = 10  # seconds


def new_case_notice(case_number: str, category: str | None, language: str | None, *, to: str,
                    sender: str) -> EmailMessage:
    notice = EmailMessage()
    notice["From"], notice["To"] = sender, to
    notice["Subject"] = f"MIRAI desk: new case {case_number}"
    notice.set_content(f"A new consultation has arrived.\n\n"
                       f"case: {case_number}\ncategory: {category or '-'}\nlanguage: {language or '-'}\n\n"
                       f"Read it on the desk's machine: mirai desk read {case_number} --key PRIVATE_KEY_FILE\n")
    return notice


def send_new_case_notice(case_number: str, answers: dict, *, to: str, sender: str, host: str, port: int) -> bool:
    """Sends the notice; False (logged) if the SMTP server could not take it."""
    notice = new_case_notice(case_number, answers.get("category"), answers.get("preferred_language"),
                             to=to, sender=sender)
    try:
        with smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT) as smtp:
            smtp.send_message(notice)
    except (OSError, smtplib.SMTPException) as e:
        log.warning(json.dumps({"event": "desk_notice_failed", "error": type(e).__name__}))
        return False
    return True
