"""Source selection for crawl scheduling."""
from pipeline import db


def enabled_source_groups(database_url: str, groups: int) -> list[list[str]]:
    """Enabled source keys dealt round-robin into at most `groups` non-empty groups."""
    with db.connection(database_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT key FROM crawl.source WHERE enabled ORDER BY key")
        keys = [row[0] for row in cur]
    dealt = [keys[i::groups] for i in range(groups)]
    return [group for group in dealt if group]
