<?xml version="1.0" encoding="UTF-8"?>
<!--
  altkit: one AltUt Message -> Altinn II Correspondence elements (batch format, Correspondences).
  Run by altut-convert once per Message (the input document's root is the Message, with element
  namespaces removed); the tool writes the Correspondences header itself (SystemUserCode,
  ShipmentReference, SequenceNo) and validates the whole output against xsd/correspondences.xsd.
  The mapping is domain.md §10. Adapt it with: altut-convert -\-stylesheet my.xsl ...

  Extension functions (namespace urn:altkit:xslt), implemented in C++:
    ak:service-code(shortName), ak:service-edition(shortName)
        "C_E" or "C E" split; a legacy free-text shortName looked up in the service map
    ak:form-service-code(formNumber, version), ak:form-service-edition(formNumber, version)
        an Altinn I form reference looked up in the service map ('' when unmapped)
    ak:datetime(value, 'start' | 'end')
        a date becomes a dateTime (start: 00:00:00, end: 23:59:59); a dateTime with an offset is
        moved to the -\-timezone; one without is a local time there (24:00:00 is the next day's
        00:00, a time in the spring gap moves forward by the gap, one that occurs twice is the
        first); output without an offset unless -\-with-offset
    ak:now()       the conversion time (SOURCE_DATE_EPOCH when set), same form as ak:datetime
    ak:base64(text) canonical base64 of an attachment (line breaks removed, padding repaired)
    ak:file-name(filename) an attachment's base name: a folder path ("../", "C:\temp\", "/etc/") removed
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ak="urn:altkit:xslt"
    xmlns:exsl="http://exslt.org/common"
    xmlns="http://schemas.altinn.no/services/intermediary/correspondence/2009/10"
    extension-element-prefixes="ak exsl"
    exclude-result-prefixes="ak exsl">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- Defaults for what AltUt does not carry (tool options may override). -->
  <xsl:param name="default-language" select="'1044'"/>
  <xsl:param name="default-title" select="'Melding'"/>
  <xsl:param name="default-notification-type" select="'Correspondence'"/>
  <xsl:param name="default-link-text" select="'Svar'"/>

  <xsl:template match="/Message">
    <Correspondences>
      <xsl:for-each select="Participant">
        <xsl:call-template name="correspondence"/>
      </xsl:for-each>
    </Correspondences>
  </xsl:template>

  <xsl:template name="correspondence">
    <xsl:variable name="message" select=".."/>
    <xsl:variable name="language">
      <xsl:choose>
        <xsl:when test="normalize-space(Content/@languageCode) != ''">
          <xsl:value-of select="normalize-space(Content/@languageCode)"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$default-language"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <Correspondence>
      <ServiceCode><xsl:value-of select="ak:service-code(string($message/@shortName))"/></ServiceCode>
      <xsl:variable name="edition" select="ak:service-edition(string($message/@shortName))"/>
      <xsl:if test="$edition != ''"><ServiceEdition><xsl:value-of select="$edition"/></ServiceEdition></xsl:if>
      <SendersReference><xsl:value-of select="$message/@messageReference"/></SendersReference>
      <Reportee><xsl:value-of select="normalize-space(@id)"/></Reportee>
      <Content>
        <LanguageCode><xsl:value-of select="$language"/></LanguageCode>
        <MessageTitle>
          <xsl:choose>
            <xsl:when test="normalize-space(Content/MessageHeader) != ''"><xsl:value-of select="Content/MessageHeader"/></xsl:when>
            <xsl:when test="normalize-space(Content/MessageSubject) != ''"><xsl:value-of select="Content/MessageSubject"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$default-title"/></xsl:otherwise>
          </xsl:choose>
        </MessageTitle>
        <xsl:if test="Content/MessageSummery != ''">
          <MessageSummary><xsl:value-of select="Content/MessageSummery"/></MessageSummary>
        </xsl:if>
        <!-- HTML stays text: entities such as &nbsp; inside the CDATA arrive as written. -->
        <xsl:if test="Content/HTML != ''">
          <MessageBody><xsl:value-of select="Content/HTML"/></MessageBody>
        </xsl:if>
        <xsl:if test="normalize-space(Year) != '' or normalize-space(MunicipalNumber) != ''">
          <CustomMessageData>
            <xsl:if test="normalize-space(Year) != ''"><Add key="Year" value="{normalize-space(Year)}"/></xsl:if>
            <xsl:if test="normalize-space(MunicipalNumber) != ''"><Add key="MunicipalNumber" value="{normalize-space(MunicipalNumber)}"/></xsl:if>
          </CustomMessageData>
        </xsl:if>
        <xsl:if test="Content/Attachments/Attachment">
          <Attachments>
            <BinaryAttachments>
              <xsl:for-each select="Content/Attachments/Attachment">
                <BinaryAttachment>
                  <FileName><xsl:value-of select="ak:file-name(string(@filename))"/></FileName>
                  <Name><xsl:value-of select="@name"/></Name>
                  <Encrypted>false</Encrypted>
                  <Data><xsl:value-of select="ak:base64(string(.))"/></Data>
                  <xsl:if test="normalize-space(@id) != ''"><SendersReference><xsl:value-of select="normalize-space(@id)"/></SendersReference></xsl:if>
                  <xsl:if test="@functionType = 'Invoice' or @functionType = 'Unspecified'"><FunctionType><xsl:value-of select="@functionType"/></FunctionType></xsl:if>
                  <xsl:if test="normalize-space(@type) != ''"><AttachmentType><xsl:value-of select="normalize-space(@type)"/></AttachmentType></xsl:if>
                </BinaryAttachment>
              </xsl:for-each>
            </BinaryAttachments>
          </Attachments>
        </xsl:if>
      </Content>
      <xsl:if test="normalize-space(VisibleDate) != ''"><VisibleDateTime><xsl:value-of select="ak:datetime(string(VisibleDate), 'start')"/></VisibleDateTime></xsl:if>
      <xsl:if test="normalize-space(AllowSystemDeleteDate) != ''"><AllowSystemDeleteDateTime><xsl:value-of select="ak:datetime(string(AllowSystemDeleteDate), 'end')"/></AllowSystemDeleteDateTime></xsl:if>
      <xsl:if test="normalize-space(DueDate) != ''"><DueDateTime><xsl:value-of select="ak:datetime(string(DueDate), 'end')"/></DueDateTime></xsl:if>
      <xsl:if test="normalize-space(AltinnArchive) != ''"><ArchiveReference><xsl:value-of select="normalize-space(AltinnArchive)"/></ArchiveReference></xsl:if>
      <xsl:call-template name="reply-options">
        <xsl:with-param name="forms" select="$message/ReplyMessages/ReplyMessage/Form"/>
      </xsl:call-template>
      <xsl:call-template name="notifications">
        <xsl:with-param name="participant" select="."/>
        <xsl:with-param name="language" select="$language"/>
      </xsl:call-template>
    </Correspondence>
  </xsl:template>

  <!-- One ReplyOption per service, archive reference and URL a Form carries (batch: xs:choice). -->
  <xsl:template name="reply-options">
    <xsl:param name="forms"/>
    <xsl:variable name="options">
      <xsl:for-each select="$forms">
        <xsl:choose>
          <xsl:when test="normalize-space(ServiceCode) != ''">
            <ReplyOption><Service>
              <ServiceCode><xsl:value-of select="ak:service-code(string(ServiceCode))"/></ServiceCode>
              <xsl:if test="ak:service-edition(string(ServiceCode)) != ''"><ServiceEdition><xsl:value-of select="ak:service-edition(string(ServiceCode))"/></ServiceEdition></xsl:if>
            </Service></ReplyOption>
          </xsl:when>
          <xsl:when test="normalize-space(@formNumber) != '' and ak:form-service-code(string(@formNumber), string(@version)) != ''">
            <ReplyOption><Service>
              <ServiceCode><xsl:value-of select="ak:form-service-code(string(@formNumber), string(@version))"/></ServiceCode>
              <ServiceEdition><xsl:value-of select="ak:form-service-edition(string(@formNumber), string(@version))"/></ServiceEdition>
            </Service></ReplyOption>
          </xsl:when>
        </xsl:choose>
        <xsl:if test="normalize-space(ArchiveReference) != ''">
          <ReplyOption><ArchiveReference><xsl:value-of select="normalize-space(ArchiveReference)"/></ArchiveReference></ReplyOption>
        </xsl:if>
        <xsl:if test="normalize-space(ServiceURL) != ''">
          <ReplyOption><Url><LinkText><xsl:value-of select="$default-link-text"/></LinkText><LinkUrl><xsl:value-of select="normalize-space(ServiceURL)"/></LinkUrl></Url></ReplyOption>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="count(exsl:node-set($options)/*) > 0">
      <ReplyOptions><xsl:copy-of select="$options"/></ReplyOptions>
    </xsl:if>
  </xsl:template>

  <!-- A NotificationMessage goes to the Participant whose id it names. One that names no
       Participant (domain.md §11 F26: often the fødselsnummer of a contact person of an
       organisation) goes to the message's only Participant, and with several Participants to
       none; the loss report names it either way. -->
  <xsl:template name="notifications">
    <xsl:param name="participant"/>
    <xsl:param name="language"/>
    <xsl:variable name="all" select="../NotificationMessages/NotificationMessage"/>
    <xsl:variable name="ids" select="../Participant/@id"/>
    <xsl:variable name="mine" select="$all[normalize-space(@participantId) = normalize-space($participant/@id)
                                           or (count($ids) = 1 and not(normalize-space(@participantId) = $ids))]"/>
    <xsl:if test="$mine">
      <Notifications>
        <xsl:for-each select="$mine">
          <Notification>
            <ShipmentDateTime>
              <xsl:choose>
                <xsl:when test="normalize-space($participant/VisibleDate) != ''"><xsl:value-of select="ak:datetime(string($participant/VisibleDate), 'start')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="ak:now()"/></xsl:otherwise>
              </xsl:choose>
            </ShipmentDateTime>
            <LanguageCode><xsl:value-of select="$language"/></LanguageCode>
            <NotificationType>
              <xsl:choose>
                <xsl:when test="normalize-space(../@NotificationTypeName) != ''"><xsl:value-of select="normalize-space(../@NotificationTypeName)"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="$default-notification-type"/></xsl:otherwise>
              </xsl:choose>
            </NotificationType>
            <xsl:if test="SMSPhoneNumbers/SMSPhoneNumber[normalize-space() != ''] or EmailAddresses/EmailAddress[normalize-space() != '']">
              <RecieverEndPoints>
                <xsl:for-each select="SMSPhoneNumbers/SMSPhoneNumber[normalize-space() != '']">
                  <ReceiverEndPoint><TransportType>SMS</TransportType><ReceiverAdress><xsl:value-of select="normalize-space()"/></ReceiverAdress></ReceiverEndPoint>
                </xsl:for-each>
                <xsl:for-each select="EmailAddresses/EmailAddress[normalize-space() != '']">
                  <ReceiverEndPoint><TransportType>Email</TransportType><ReceiverAdress><xsl:value-of select="normalize-space()"/></ReceiverAdress></ReceiverEndPoint>
                </xsl:for-each>
              </RecieverEndPoints>
            </xsl:if>
          </Notification>
        </xsl:for-each>
      </Notifications>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
