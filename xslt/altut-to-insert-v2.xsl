<?xml version="1.0" encoding="UTF-8"?>
<!--
  altkit: one AltUt Message -> InsertCorrespondenceV2 web-service payloads, one per Participant
  (domain.md §4 and §10; names as the SOAP contract spells them: ExternalShipmentReference, CaseID,
  FromAddress, ReceiverEndPoints/ReceiverAddress, BinaryAttachmentV2, URL/LinkURL). Run by
  altut-convert -\-format insert-v2 once per Message; each payload is written to its own file
  and validated against xsd/insert-correspondence-v2/. The ak: functions are described in
  altut-to-correspondences.xsl. On this path Altinn's contract has no AttachmentType and a plain
  string CustomMessageData ("Year=2023;MunicipalNumber=0301"); the loss report says so.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ak="urn:altkit:xslt"
    xmlns:exsl="http://exslt.org/common"
    xmlns="http://www.altinn.no/services/ServiceEngine/Correspondence/2009/10"
    xmlns:c10="http://schemas.altinn.no/services/ServiceEngine/Correspondence/2010/10"
    xmlns:c09="http://schemas.altinn.no/services/ServiceEngine/Correspondence/2009/10"
    xmlns:n09="http://schemas.altinn.no/services/ServiceEngine/Notification/2009/10"
    xmlns:r10="http://www.altinn.no/services/ServiceEngine/ReporteeElementList/2010/10"
    extension-element-prefixes="ak exsl"
    exclude-result-prefixes="ak exsl">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- Set by the tool: GovOrgan/@name. -->
  <xsl:param name="system-user-code" select="''"/>
  <xsl:param name="default-language" select="'1044'"/>
  <xsl:param name="default-title" select="'Melding'"/>
  <xsl:param name="default-notification-type" select="'Correspondence'"/>
  <xsl:param name="default-link-text" select="'Svar'"/>

  <xsl:template match="/Message">
    <Payloads>
      <xsl:for-each select="Participant">
        <InsertCorrespondenceV2>
          <SystemUserCode><xsl:value-of select="$system-user-code"/></SystemUserCode>
          <!-- One per payload (README): messageReference, '-', the Participant's position in the message. -->
          <ExternalShipmentReference><xsl:value-of select="concat(../@messageReference, '-', position())"/></ExternalShipmentReference>
          <Correspondence><xsl:call-template name="correspondence"/></Correspondence>
        </InsertCorrespondenceV2>
      </xsl:for-each>
    </Payloads>
  </xsl:template>

  <xsl:template name="correspondence">
    <xsl:variable name="message" select=".."/>
    <xsl:variable name="language">
      <xsl:choose>
        <xsl:when test="normalize-space(Content/@languageCode) != ''"><xsl:value-of select="normalize-space(Content/@languageCode)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$default-language"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <c10:ServiceCode><xsl:value-of select="ak:service-code(string($message/@shortName))"/></c10:ServiceCode>
    <xsl:if test="ak:service-edition(string($message/@shortName)) != ''">
      <c10:ServiceEdition><xsl:value-of select="ak:service-edition(string($message/@shortName))"/></c10:ServiceEdition>
    </xsl:if>
    <c10:Reportee><xsl:value-of select="normalize-space(@id)"/></c10:Reportee>
    <c10:Content>
      <c10:LanguageCode><xsl:value-of select="$language"/></c10:LanguageCode>
      <c10:MessageTitle>
        <xsl:choose>
          <xsl:when test="normalize-space(Content/MessageHeader) != ''"><xsl:value-of select="Content/MessageHeader"/></xsl:when>
          <xsl:when test="normalize-space(Content/MessageSubject) != ''"><xsl:value-of select="Content/MessageSubject"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$default-title"/></xsl:otherwise>
        </xsl:choose>
      </c10:MessageTitle>
      <xsl:if test="Content/MessageSummery != ''"><c10:MessageSummary><xsl:value-of select="Content/MessageSummery"/></c10:MessageSummary></xsl:if>
      <xsl:if test="Content/HTML != ''"><c10:MessageBody><xsl:value-of select="Content/HTML"/></c10:MessageBody></xsl:if>
      <xsl:if test="Content/Attachments/Attachment">
        <c10:Attachments>
          <c10:BinaryAttachments>
            <xsl:for-each select="Content/Attachments/Attachment">
              <r10:BinaryAttachmentV2>
                <xsl:if test="@functionType = 'Invoice' or @functionType = 'Unspecified'"><r10:FunctionType><xsl:value-of select="@functionType"/></r10:FunctionType></xsl:if>
                <r10:FileName><xsl:value-of select="ak:file-name(string(@filename))"/></r10:FileName>
                <r10:Name><xsl:value-of select="@name"/></r10:Name>
                <r10:Encrypted>false</r10:Encrypted>
                <r10:Data><xsl:value-of select="ak:base64(string(.))"/></r10:Data>
                <xsl:if test="normalize-space(@id) != ''"><r10:SendersReference><xsl:value-of select="normalize-space(@id)"/></r10:SendersReference></xsl:if>
              </r10:BinaryAttachmentV2>
            </xsl:for-each>
          </c10:BinaryAttachments>
        </c10:Attachments>
      </xsl:if>
      <xsl:if test="normalize-space(Year) != '' or normalize-space(MunicipalNumber) != ''">
        <c10:CustomMessageData>
          <xsl:if test="normalize-space(Year) != ''">Year=<xsl:value-of select="normalize-space(Year)"/></xsl:if>
          <xsl:if test="normalize-space(Year) != '' and normalize-space(MunicipalNumber) != ''">;</xsl:if>
          <xsl:if test="normalize-space(MunicipalNumber) != ''">MunicipalNumber=<xsl:value-of select="normalize-space(MunicipalNumber)"/></xsl:if>
        </c10:CustomMessageData>
      </xsl:if>
    </c10:Content>
    <c10:VisibleDateTime>
      <xsl:choose>
        <xsl:when test="normalize-space(VisibleDate) != ''"><xsl:value-of select="ak:datetime(string(VisibleDate), 'start')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="ak:now()"/></xsl:otherwise>
      </xsl:choose>
    </c10:VisibleDateTime>
    <xsl:if test="normalize-space(AllowSystemDeleteDate) != ''"><c10:AllowSystemDeleteDateTime><xsl:value-of select="ak:datetime(string(AllowSystemDeleteDate), 'end')"/></c10:AllowSystemDeleteDateTime></xsl:if>
    <xsl:if test="normalize-space(DueDate) != ''"><c10:DueDateTime><xsl:value-of select="ak:datetime(string(DueDate), 'end')"/></c10:DueDateTime></xsl:if>
    <xsl:if test="normalize-space(AltinnArchive) != ''"><c10:ArchiveReference><xsl:value-of select="normalize-space(AltinnArchive)"/></c10:ArchiveReference></xsl:if>
    <xsl:variable name="options">
      <xsl:for-each select="$message/ReplyMessages/ReplyMessage/Form">
        <xsl:choose>
          <xsl:when test="normalize-space(ServiceCode) != ''">
            <c09:ReplyOption><c09:Service>
              <c09:ServiceCode><xsl:value-of select="ak:service-code(string(ServiceCode))"/></c09:ServiceCode>
              <xsl:if test="ak:service-edition(string(ServiceCode)) != ''"><c09:ServiceEdition><xsl:value-of select="ak:service-edition(string(ServiceCode))"/></c09:ServiceEdition></xsl:if>
            </c09:Service></c09:ReplyOption>
          </xsl:when>
          <xsl:when test="normalize-space(@formNumber) != '' and ak:form-service-code(string(@formNumber), string(@version)) != ''">
            <c09:ReplyOption><c09:Service>
              <c09:ServiceCode><xsl:value-of select="ak:form-service-code(string(@formNumber), string(@version))"/></c09:ServiceCode>
              <c09:ServiceEdition><xsl:value-of select="ak:form-service-edition(string(@formNumber), string(@version))"/></c09:ServiceEdition>
            </c09:Service></c09:ReplyOption>
          </xsl:when>
        </xsl:choose>
        <xsl:if test="normalize-space(ArchiveReference) != ''">
          <c09:ReplyOption><c09:ArchiveReference><c09:ArchiveRef><xsl:value-of select="normalize-space(ArchiveReference)"/></c09:ArchiveRef></c09:ArchiveReference></c09:ReplyOption>
        </xsl:if>
        <xsl:if test="normalize-space(ServiceURL) != ''">
          <c09:ReplyOption><c09:URL><c09:LinkText><xsl:value-of select="$default-link-text"/></c09:LinkText><c09:LinkURL><xsl:value-of select="normalize-space(ServiceURL)"/></c09:LinkURL></c09:URL></c09:ReplyOption>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="count(exsl:node-set($options)/*) > 0">
      <c10:ReplyOptions><xsl:copy-of select="$options"/></c10:ReplyOptions>
    </xsl:if>
    <xsl:variable name="participant" select="."/>
    <xsl:variable name="all" select="../NotificationMessages/NotificationMessage"/>
    <xsl:variable name="ids" select="../Participant/@id"/>
    <xsl:variable name="mine" select="$all[normalize-space(@participantId) = normalize-space($participant/@id)
                                           or (count($ids) = 1 and not(normalize-space(@participantId) = $ids))]"/>
    <xsl:if test="$mine">
      <c10:Notifications>
        <xsl:for-each select="$mine">
          <n09:Notification>
            <n09:ShipmentDateTime>
              <xsl:choose>
                <xsl:when test="normalize-space($participant/VisibleDate) != ''"><xsl:value-of select="ak:datetime(string($participant/VisibleDate), 'start')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="ak:now()"/></xsl:otherwise>
              </xsl:choose>
            </n09:ShipmentDateTime>
            <n09:LanguageCode><xsl:value-of select="$language"/></n09:LanguageCode>
            <n09:NotificationType>
              <xsl:choose>
                <xsl:when test="normalize-space(../@NotificationTypeName) != ''"><xsl:value-of select="normalize-space(../@NotificationTypeName)"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="$default-notification-type"/></xsl:otherwise>
              </xsl:choose>
            </n09:NotificationType>
            <xsl:if test="SMSPhoneNumbers/SMSPhoneNumber[normalize-space() != ''] or EmailAddresses/EmailAddress[normalize-space() != '']">
              <n09:ReceiverEndPoints>
                <xsl:for-each select="SMSPhoneNumbers/SMSPhoneNumber[normalize-space() != '']">
                  <n09:ReceiverEndPoint><n09:TransportType>SMS</n09:TransportType><n09:ReceiverAddress><xsl:value-of select="normalize-space()"/></n09:ReceiverAddress></n09:ReceiverEndPoint>
                </xsl:for-each>
                <xsl:for-each select="EmailAddresses/EmailAddress[normalize-space() != '']">
                  <n09:ReceiverEndPoint><n09:TransportType>Email</n09:TransportType><n09:ReceiverAddress><xsl:value-of select="normalize-space()"/></n09:ReceiverAddress></n09:ReceiverEndPoint>
                </xsl:for-each>
              </n09:ReceiverEndPoints>
            </xsl:if>
          </n09:Notification>
        </xsl:for-each>
      </c10:Notifications>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
