"""Lagebild's Scrapy project: discovers articles in feeds and news sitemaps and fetches them politely."""
