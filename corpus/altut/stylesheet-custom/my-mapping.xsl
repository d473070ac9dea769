<?xml version="1.0" encoding="UTF-8"?>
<!-- A migration team's adaptation: the built-in mapping, with their own link text and default
     notification template. No recompiling. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../../../xslt/altut-to-correspondences.xsl"/>
  <xsl:param name="default-link-text" select="'Svar på meldingen'"/>
</xsl:stylesheet>
