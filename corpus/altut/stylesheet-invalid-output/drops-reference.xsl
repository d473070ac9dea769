<?xml version="1.0" encoding="UTF-8"?>
<!-- A mapping that forgets SendersReference (required): altut-convert must refuse to write its
     output rather than hand Altinn an invalid file: the message is rejected (output-invalid,
     exit 1) and copied to the rejected file. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:c="http://schemas.altinn.no/services/intermediary/correspondence/2009/10">
  <xsl:import href="../../../xslt/altut-to-correspondences.xsl"/>
  <xsl:template match="/">
    <xsl:variable name="full"><xsl:apply-imports/></xsl:variable>
    <xsl:apply-templates select="document('')/*" mode="none"/>
    <c:Correspondences>
      <c:Correspondence><c:ServiceCode>4711</c:ServiceCode><c:Reportee>910000009</c:Reportee></c:Correspondence>
    </c:Correspondences>
  </xsl:template>
  <xsl:template match="*" mode="none"/>
</xsl:stylesheet>
