// Briefly on Azure: one resource group holding the Azure Bot (Teams channel), the host on Azure Container Apps,
// PostgreSQL Flexible Server, Key Vault for every secret, and Application Insights. infra/README.md says how
// to deploy it and why Container Apps.
targetScope = 'resourceGroup'

@description('Prefix of every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(12)
param name string = 'briefly'

@description('Region of everything but the Azure Bot, which is global.')
param location string = resourceGroup().location

@description('The host image, e.g. myregistry.azurecr.io/briefly:1.0.0 (built from infra/Dockerfile).')
param image string

@description('An Azure Container Registry in this resource group to pull the image from with the app\'s managed identity; empty for a public image.')
param registryName string = ''

@description('How many hosts run. They share the database and Hangfire\'s queues; at least one must always run, since the daily brief and alerts are jobs of a running host.')
@minValue(1)
@maxValue(10)
param replicas int = 1

// The Entra app registration of the bot (see infra/README.md, "Deploy to Azure").
@description('The Entra app registration\'s application (client) id: Teams:MicrosoftAppId.')
param teamsAppId string

@description('SingleTenant (an app registration of this tenant only, what Briefly assumes) or MultiTenant: Teams:MicrosoftAppType.')
@allowed([
  'SingleTenant'
  'MultiTenant'
])
param teamsAppType string = 'SingleTenant'

@description('The tenant of the app registration (Teams:MicrosoftAppTenantId); empty for the tenant deployed in.')
param teamsAppTenantId string = ''

@description('A client secret of the app registration: Teams:MicrosoftAppPassword. Stored in Key Vault.')
@secure()
param teamsAppPassword string

@description('Who runs this Briefly: the Teams app\'s developer name and the operator on /privacy and /terms (at most 32 characters).')
@maxLength(32)
param publishingOperator string = ''

@description('Where people write about their data (shown on /privacy): an email address or a URL.')
param publishingContact string = ''

@description('The key POST /api/briefs expects in X-Api-Key (Ingest:ApiKey); empty leaves the ingest API off.')
@secure()
param ingestApiKey string = ''

@description('The Slack app\'s signing secret (Slack:SigningSecret); empty for no Slack. Needs slackBotToken too.')
@secure()
param slackSigningSecret string = ''

@description('The Slack bot token, xoxb-… (Slack:BotToken) of a one-workspace app; empty for none. Needs slackSigningSecret too.')
@secure()
param slackBotToken string = ''

@description('The Slack app\'s client id (Slack:ClientId), for Add to Slack in any number of workspaces; empty for none.')
param slackClientId string = ''

@description('The Slack app\'s client secret (Slack:ClientSecret); needed with slackClientId.')
@secure()
param slackClientSecret string = ''

@description('The operator sign-in for the admin page at /admin and the Hangfire dashboard at /hangfire (Dashboard:Password, at least 16 characters); empty leaves both off.')
@secure()
param dashboardPassword string = ''

@description('Administrator login of the PostgreSQL server, which the host also uses.')
param postgresAdminLogin string = 'briefly'

@description('Password of that login. Stored in Key Vault inside the connection string.')
@secure()
param postgresAdminPassword string

@description('Object id of a person or group to be Key Vault Secrets Officer, to read and rotate the secrets; empty for none.')
param vaultAdminObjectId string = ''

var suffix = uniqueString(resourceGroup().id)
var appTenantId = empty(teamsAppTenantId) ? tenant().tenantId : teamsAppTenantId

// The secrets the Key Vault module stores (same names there), each with the host's key in environment form.
// One left empty is not stored, and the host then sees that setting unset: the feature it enables is off.
var secrets = [
  { setting: 'ConnectionStrings__Briefly', name: 'database-connection-string', stored: true }
  { setting: 'Teams__MicrosoftAppPassword', name: 'teams-app-password', stored: true }
  { setting: 'Ingest__ApiKey', name: 'ingest-api-key', stored: !empty(ingestApiKey) }
  { setting: 'Slack__SigningSecret', name: 'slack-signing-secret', stored: !empty(slackSigningSecret) }
  { setting: 'Slack__BotToken', name: 'slack-bot-token', stored: !empty(slackBotToken) }
  { setting: 'Slack__ClientSecret', name: 'slack-client-secret', stored: !empty(slackClientSecret) }
  { setting: 'Dashboard__Password', name: 'dashboard-password', stored: !empty(dashboardPassword) }
]

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: name
    location: location
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-host'
  location: location
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    serverName: '${name}-pg-${suffix}'
    location: location
    adminLogin: postgresAdminLogin
    adminPassword: postgresAdminPassword
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    // Vault names are global and at most 24 characters.
    vaultName: take('${name}-kv-${suffix}', 24)
    location: location
    readerPrincipalId: identity.properties.principalId
    officerObjectId: vaultAdminObjectId
    // VerifyFull: Npgsql checks the server certificate against the image's CA store, not just that TLS is on.
    databaseConnectionString: 'Host=${postgres.outputs.fqdn};Port=5432;Database=${postgres.outputs.databaseName};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=VerifyFull'
    teamsAppPassword: teamsAppPassword
    ingestApiKey: ingestApiKey
    slackSigningSecret: slackSigningSecret
    slackBotToken: slackBotToken
    slackClientSecret: slackClientSecret
    dashboardPassword: dashboardPassword
  }
}

module app 'modules/app.bicep' = {
  name: 'app'
  params: {
    name: name
    location: location
    image: image
    registryName: registryName
    replicas: replicas
    identityId: identity.id
    identityPrincipalId: identity.properties.principalId
    logAnalyticsWorkspaceName: monitoring.outputs.logAnalyticsWorkspaceName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    vaultUri: vault.outputs.vaultUri
    secrets: map(filter(secrets, s => s.stored), s => { setting: s.setting, name: s.name })
    settings: {
      Teams__MicrosoftAppId: teamsAppId
      Teams__MicrosoftAppType: teamsAppType
      Teams__MicrosoftAppTenantId: appTenantId
      Slack__ClientId: slackClientId
      Publishing__Operator: publishingOperator
      Publishing__Contact: publishingContact
    }
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    botName: '${name}-bot-${suffix}'
    messagingEndpoint: '${app.outputs.url}/api/messages'
    appId: teamsAppId
    appType: teamsAppType
    appTenantId: appTenantId
  }
}

@description('The Azure Bot\'s messaging endpoint, which Teams posts activities to.')
output messagingEndpoint string = bot.outputs.messagingEndpoint

@description('The host\'s public address: Publishing:PublicUrl, and the base of the Slack request URLs (/slack/events, /slack/commands, /slack/interactivity).')
output appUrl string = app.outputs.url

@description('The Key Vault holding the secrets, to rotate them (az keyvault secret set).')
output keyVaultName string = vault.outputs.vaultName
