// Every secret of the host lives here; the container app reads them with its managed identity
// (Container Apps secrets with keyVaultUrl: https://learn.microsoft.com/azure/container-apps/manage-secrets).
// A secret left empty is not created, and the host then sees its setting unset (that feature off).
param vaultName string
param location string

@description('The host\'s managed identity, made Key Vault Secrets User.')
param readerPrincipalId string

@description('A person or group made Key Vault Secrets Officer; empty for none.')
param officerObjectId string = ''

@secure()
param databaseConnectionString string
@secure()
param teamsAppPassword string
@secure()
param ingestApiKey string
@secure()
param slackSigningSecret string
@secure()
param slackBotToken string
@secure()
param slackClientSecret string
@secure()
param dashboardPassword string

// Built-in role ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security).
var secretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'
var secretsOfficerRole = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Azure RBAC rather than access policies, so the app's identity is granted one role on this vault.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, secretsUserRole)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRole)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource officer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(officerObjectId)) {
  name: guid(vault.id, officerObjectId, secretsOfficerRole)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficerRole)
    principalId: officerObjectId
  }
}

var secrets = [
  { setting: 'ConnectionStrings__Briefly', name: 'database-connection-string', value: databaseConnectionString }
  { setting: 'Teams__MicrosoftAppPassword', name: 'teams-app-password', value: teamsAppPassword }
  { setting: 'Ingest__ApiKey', name: 'ingest-api-key', value: ingestApiKey }
  { setting: 'Slack__SigningSecret', name: 'slack-signing-secret', value: slackSigningSecret }
  { setting: 'Slack__BotToken', name: 'slack-bot-token', value: slackBotToken }
  { setting: 'Slack__ClientSecret', name: 'slack-client-secret', value: slackClientSecret }
  { setting: 'Dashboard__Password', name: 'dashboard-password', value: dashboardPassword }
]

resource stored 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for secret in secrets: if (!empty(secret.value)) {
    parent: vault
    name: secret.name
    properties: {
      value: secret.value
    }
  }
]

output vaultName string = vault.name

@description('Ends in a slash; a versionless secret URI is this + secrets/<name>, which follows rotations without a redeploy.')
output vaultUri string = vault.properties.vaultUri
