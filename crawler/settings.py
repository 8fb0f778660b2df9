"""Scrapy settings for Lagebild. Politeness first: these defaults are what a publisher sees.

`lagebild demo` relaxes the delay for the local replay server only (see pipeline.crawl.REPLAY_SETTINGS).
"""
from pipeline import config

BOT_NAME = "lagebild"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- Politeness --------------------------------------------------------------------------------
USER_AGENT = config.user_agent()
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50 %, so requests do not arrive in lockstep
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
COOKIES_ENABLED = False
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "de,en;q=0.5",
}

# --- Failure handling --------------------------------------------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30
DNS_TIMEOUT = 15
# Hostile pages: refuse bodies beyond these sizes instead of filling memory.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5

# --- Output ------------------------------------------------------------------------------------
ITEM_PIPELINES = {"crawler.pipelines.PostgresPipeline": 300}
LAGEBILD_BATCH_SIZE = 200
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
