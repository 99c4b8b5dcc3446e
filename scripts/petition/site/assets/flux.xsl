<?xml version="1.0" encoding="utf-8"?>
<!-- The site's Atom feeds, as a page a browser shows (the feed names this sheet): what a feed is
     and how to subscribe, then each entry with its date and summary. A feed reader ignores it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:a="http://www.w3.org/2005/Atom" exclude-result-prefixes="a">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="site" select="/a:feed/a:link[@rel='alternate']/@href"/>

  <xsl:template match="/a:feed">
    <html lang="fr">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width,initial-scale=1"/>
        <title><xsl:value-of select="a:title"/> (flux Atom)</title>
        <style>
          body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #212121; background: #fff; }
          header { background: #3f51b5; color: #fff; padding: 0.8rem 1rem; }
          header a { color: #fff; font-weight: 700; }
          main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
          .avis { border-left: 0.3rem solid #1d91c0; background: #f5f5f5; padding: 0.6rem 0.9rem; }
          h1 { font-size: 1.6rem; font-weight: 400; line-height: 1.25; }
          h2 { font-size: 1.05rem; margin: 0 0 0.2rem; }
          a { color: #303fa1; }
          code { overflow-wrap: anywhere; background: #f5f5f5; padding: 0 0.2rem; }
          ol { list-style: none; padding: 0; }
          li { border-top: 1px solid #ddd; padding: 0.7rem 0; }
          .date { color: #555; font-size: 0.9rem; margin: 0; }
          .resume { margin: 0.3rem 0 0; }
        </style>
      </head>
      <body>
        <header><a href="{$site}"><xsl:value-of select="a:author/a:name"/></a></header>
        <main>
          <p class="avis"><strong>Ceci est un flux Atom</strong>&#8239;: une adresse à copier dans un
            lecteur de flux (une application, un service en ligne ou une extension du navigateur),
            qui vous montre chaque nouvelle motion dès sa publication, sans inscription.
            <a href="{$site}abonnement/">Comment s’abonner</a></p>
          <p>Adresse de ce flux&#8239;: <code><xsl:value-of select="a:link[@rel='self']/@href"/></code></p>
          <h1><xsl:value-of select="a:title"/></h1>
          <p><xsl:value-of select="a:subtitle"/></p>
          <xsl:choose>
            <xsl:when test="a:entry">
              <ol>
                <xsl:apply-templates select="a:entry"/>
              </ol>
            </xsl:when>
            <xsl:otherwise><p>Aucune nouvelle pour l’instant.</p></xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="a:entry">
    <li>
      <h2><a href="{a:link[@rel='alternate']/@href}"><xsl:value-of select="a:title"/></a></h2>
      <p class="date">Publié le <xsl:call-template name="date">
        <xsl:with-param name="iso" select="a:published"/></xsl:call-template>
        <xsl:text> · </xsl:text><xsl:value-of select="a:category/@label"/></p>
      <p class="resume"><xsl:value-of select="a:summary"/></p>
    </li>
  </xsl:template>

  <!-- « 2025-03-02T09:30:00+01:00 » → « 2 mars 2025 », « 1er » for the first day. -->
  <xsl:template name="date">
    <xsl:param name="iso"/>
    <xsl:variable name="day" select="number(substring($iso, 9, 2))"/>
    <xsl:variable name="month" select="substring($iso, 6, 2)"/>
    <xsl:choose>
      <xsl:when test="$day = 1">1er</xsl:when>
      <xsl:otherwise><xsl:value-of select="$day"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text>&#160;</xsl:text>
    <xsl:choose>
      <xsl:when test="$month = '01'">janvier</xsl:when>
      <xsl:when test="$month = '02'">février</xsl:when>
      <xsl:when test="$month = '03'">mars</xsl:when>
      <xsl:when test="$month = '04'">avril</xsl:when>
      <xsl:when test="$month = '05'">mai</xsl:when>
      <xsl:when test="$month = '06'">juin</xsl:when>
      <xsl:when test="$month = '07'">juillet</xsl:when>
      <xsl:when test="$month = '08'">août</xsl:when>
      <xsl:when test="$month = '09'">septembre</xsl:when>
      <xsl:when test="$month = '10'">octobre</xsl:when>
      <xsl:when test="$month = '11'">novembre</xsl:when>
      <xsl:otherwise>décembre</xsl:otherwise>
    </xsl:choose>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring($iso, 1, 4)"/>
  </xsl:template>
</xsl:stylesheet>
