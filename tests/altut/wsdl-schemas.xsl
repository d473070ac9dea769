<?xml version="1.0" encoding="UTF-8"?>
<!-- Test helper: writes each xsd:schema inlined in a WSDL to $dir/sN.xsd, with every namespace
     in scope kept (QName values need them) and each xsd:import pointed at its file. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    extension-element-prefixes="exsl">
  <xsl:param name="dir" select="'.'"/>
  <xsl:template match="/">
    <xsl:for-each select="//xsd:schema">
      <exsl:document href="{$dir}/s{position()}.xsd" method="xml" encoding="UTF-8">
        <xsl:apply-templates select="." mode="copy"/>
      </exsl:document>
    </xsl:for-each>
  </xsl:template>
  <xsl:template match="@*|node()" mode="copy">
    <xsl:copy><xsl:apply-templates select="@*|node()" mode="copy"/></xsl:copy>
  </xsl:template>
  <xsl:template match="xsd:import" mode="copy">
    <xsl:variable name="ns" select="@namespace"/>
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:for-each select="//xsd:schema">
        <xsl:if test="@targetNamespace = $ns">
          <xsl:attribute name="schemaLocation">s<xsl:value-of select="position()"/>.xsd</xsl:attribute>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
