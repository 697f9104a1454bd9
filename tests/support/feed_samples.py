"""Feed documents for the poller tests: RSS 2.0 (English), Atom (Russian), and a broken one."""

from __future__ import annotations


def rss(items: list[tuple[str, str, str]], language: str = "en-us") -> str:
    """(guid, title, html description) items in an RSS 2.0 channel."""
    body = "".join(
        f"<item><guid>{guid}</guid><link>https://news.example.org/{guid}</link><title>{title}</title>"
        f"<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[{html}]]></description></item>"
        for guid, title, html in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>https://news.example.org/</link><language>{language}</language>{body}</channel></rss>"
    )


ATOM_RU = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">
  <title>Лента</title><id>urn:feed:ru</id><updated>2024-03-06T08:00:00Z</updated>
  <entry>
    <id>urn:ru:1</id><title>ЧВК «Вагнер» закупает китайские дроны через ОАЭ</title>
    <link href="https://ru.example.org/1"/><updated>2024-03-06T08:00:00Z</updated>
    <content type="html">&lt;p&gt;Бойцы &lt;b&gt;ЧВК «Вагнер»&lt;/b&gt;
    используют квадрокоптеры DJI Mavic.&lt;/p&gt;
    &lt;script&gt;track()&lt;/script&gt;</content>
  </entry>
</feed>"""

BROKEN = "<rss><channel><title>oops</title><item><title>unterminated"
