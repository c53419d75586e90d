"""Japan's public holidays for "open now": computed at build time with the `holidays`
package (well kept, follows the Public Holiday Act's changes) and written into the pages,
so the browser knows them offline. The directory's "open now" answers "unknown" on a day
past the last year listed rather than guess."""
from __future__ import annotations

import datetime as dt

import holidays as holiday_calendars

YEARS_AHEAD = 2  # this year and the next two: a saved site stays right for a long while


def japan_holidays(today: dt.date, years_ahead: int = YEARS_AHEAD) -> list[dt.date]:
    years = range(today.year, today.year + years_ahead + 1)
    return sorted(holiday_calendars.country_holidays("JP", years=years))
