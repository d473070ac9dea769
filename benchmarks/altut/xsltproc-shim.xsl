<?xml version="1.0" encoding="UTF-8"?>
<!--
  Benchmark helper: lets plain xsltproc run altkit's mapping (xslt/altut-to-correspondences.xsl)
  over a whole AltUt file, as a team without altkit would. The ak: functions that altut-convert
  implements in C++ are written here in EXSLT (func:function), without what XSLT 1.0 cannot do
  well: no service map (legacy shortNames and form references give ''), no time zones (a date
  gets T00:00:00 / T23:59:59, anything else is copied), no base64 repair (whitespace removed
  only), an attachment's file name cut after its last / or \ only.
  Not a mapping to use: a peer to measure against.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:func="http://exslt.org/functions"
    xmlns:ak="urn:altkit:xslt"
    xmlns="http://schemas.altinn.no/services/intermediary/correspondence/2009/10"
    extension-element-prefixes="func"
    exclude-result-prefixes="ak func">
  <xsl:import href="../../xslt/altut-to-correspondences.xsl"/>

  <func:function name="ak:service-code">
    <xsl:param name="s"/>
    <xsl:variable name="t" select="normalize-space(translate($s, '_', ' '))"/>
    <func:result select="substring-before($t, ' ')"/>
  </func:function>
  <func:function name="ak:service-edition">
    <xsl:param name="s"/>
    <xsl:variable name="t" select="normalize-space(translate($s, '_', ' '))"/>
    <func:result select="substring-after($t, ' ')"/>
  </func:function>
  <func:function name="ak:form-service-code"><xsl:param name="f"/><xsl:param name="v"/><func:result select="''"/></func:function>
  <func:function name="ak:form-service-edition"><xsl:param name="f"/><xsl:param name="v"/><func:result select="''"/></func:function>
  <func:function name="ak:datetime">
    <xsl:param name="d"/>
    <xsl:param name="role"/>
    <xsl:variable name="v" select="normalize-space($d)"/>
    <xsl:choose>
      <xsl:when test="string-length($v) = 10 and $role = 'end'"><func:result select="concat($v, 'T23:59:59')"/></xsl:when>
      <xsl:when test="string-length($v) = 10"><func:result select="concat($v, 'T00:00:00')"/></xsl:when>
      <xsl:otherwise><func:result select="$v"/></xsl:otherwise>
    </xsl:choose>
  </func:function>
  <func:function name="ak:file-name">
    <xsl:param name="s"/>
    <xsl:variable name="t" select="translate($s, '\', '/')"/>
    <xsl:choose>
      <xsl:when test="contains($t, '/')"><func:result select="ak:file-name(substring-after($t, '/'))"/></xsl:when>
      <xsl:otherwise><func:result select="$t"/></xsl:otherwise>
    </xsl:choose>
  </func:function>
  <func:function name="ak:now"><func:result select="'2026-01-01T00:00:00'"/></func:function>
  <func:function name="ak:base64">
    <xsl:param name="b"/>
    <func:result select="translate($b, ' &#10;&#13;&#9;', '')"/>
  </func:function>

  <xsl:template match="/">
    <Correspondences>
      <SystemUserCode><xsl:value-of select="/*/@name"/></SystemUserCode>
      <ShipmentReference><xsl:value-of select="concat(/*/@name, '-', /*/*/@sequenceno)"/></ShipmentReference>
      <SequenceNo><xsl:value-of select="/*/*/@sequenceno"/></SequenceNo>
      <xsl:for-each select="/*/*/Message/Participant">
        <xsl:call-template name="correspondence"/>
      </xsl:for-each>
    </Correspondences>
  </xsl:template>
</xsl:stylesheet>
