// The Azure Bot: Teams reaches Briefly through it, and it vouches for the Entra app registration whose id and
// secret the host signs its replies with. https://learn.microsoft.com/azure/bot-service/abs-quickstart
param botName string
param messagingEndpoint string
param appId string
param appType string
param appTenantId string

@description('F0 is free on the standard channels, Teams among them; S1 only matters for premium channels.')
param sku string = 'F0'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: 'Briefly'
    endpoint: messagingEndpoint
    msaAppId: appId
    msaAppType: appType
    // A single-tenant registration is bound to its home tenant; a multi-tenant one has none to name.
    msaAppTenantId: appType == 'SingleTenant' ? appTenantId : ''
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

output messagingEndpoint string = bot.properties.endpoint
