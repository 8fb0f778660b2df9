"""Scrapy settings for Lagebild. Politeness first: these defaults are what a publisher sees.

`lagebild demo` relaxes the delay for the local replay server only (see pipeline.crawl.REPLAY_SETTINGS).
A source's own `politeness` in crawler/sources.yaml and a host's robots.txt Crawl-delay can only make
them stricter (crawler/politeness.py).
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
# AutoThrottle that never goes below a host's floor (Crawl-delay, the source's delay); replaces Scrapy's.
EXTENSIONS = {"scrapy.extensions.throttle.AutoThrottle": None, "crawler.politeness.Throttle": 0,
              "crawler.politeness.CrawlDelay": 0}
LAGEBILD_MAX_CRAWL_DELAY = 60.0  # a larger robots.txt Crawl-delay is capped to this
LAGEBILD_MAX_RETRY_AFTER = 120.0  # 429/503 asking a longer wait: not retried in this run, recorded
LAGEBILD_MIN_BACKOFF = 5.0  # 429/503 without Retry-After: wait at least this long
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
# Refuses names resolving to private addresses when connecting, too (see crawler/safety.py).
TWISTED_DNS_RESOLVER = "crawler.safety.PublicOnlyResolver"
# Hostile pages: refuse bodies beyond these sizes instead of filling memory. Scrapy's
# HttpCompressionMiddleware applies DOWNLOAD_MAXSIZE while decompressing too (gzip bombs are cut off).
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt and everything else: scheme, address and host checks, per-host download slots.
    "crawler.safety.SourcePolicyMiddleware": 50,
    "crawler.politeness.BackoffMiddleware": 560,  # sees 429/503 before RetryMiddleware (550) retries them
    "crawler.stats.SourceStatsMiddleware": 950,  # nearest the network: requests and wire bytes per source
}
# Circuit breaker: after this many runs in a row in which all of a source's feeds failed, the source
# rests for the cool-down (seconds), doubled after each further failed attempt, at most the maximum.
LAGEBILD_CIRCUIT_FAILURES = 5
LAGEBILD_CIRCUIT_COOLDOWN = 3600
LAGEBILD_CIRCUIT_MAX_COOLDOWN = 24 * 3600
# Known articles are fetched again (conditionally) this many hours after their first fetch.
LAGEBILD_RECHECK_HOURS = [1, 6, 24, 72]

# --- Output ------------------------------------------------------------------------------------
ITEM_PIPELINES = {"crawler.pipelines.PostgresPipeline": 300}
# The pipeline buffers items and writes them in batches; Scrapy's default of 100 concurrent items per
# response only starts 100 asyncio tasks for every page (a third of the crawl's CPU in the benchmark).
CONCURRENT_ITEMS = 8
LAGEBILD_BATCH_SIZE = 200
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
