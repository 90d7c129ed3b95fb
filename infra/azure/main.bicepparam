// The deployment's parameters. Secrets are read from the shell's environment when az compiles this file, so
// none is ever written here: export them first (infra/README.md, "Deploy to Azure").
using 'main.bicep'

param image = readEnvironmentVariable('BRIEFLY_IMAGE')
param registryName = readEnvironmentVariable('BRIEFLY_REGISTRY', '')
param teamsAppId = readEnvironmentVariable('BRIEFLY_TEAMS_APP_ID')
param teamsAppPassword = readEnvironmentVariable('BRIEFLY_TEAMS_APP_PASSWORD')
param teamsAppTenantId = readEnvironmentVariable('BRIEFLY_TEAMS_APP_TENANT_ID', '')
param teamsAppType = readEnvironmentVariable('BRIEFLY_TEAMS_APP_TYPE', 'SingleTenant')
param postgresAdminPassword = readEnvironmentVariable('BRIEFLY_POSTGRES_PASSWORD')
param ingestApiKey = readEnvironmentVariable('BRIEFLY_INGEST_API_KEY', '')
param slackSigningSecret = readEnvironmentVariable('BRIEFLY_SLACK_SIGNING_SECRET', '')
param slackBotToken = readEnvironmentVariable('BRIEFLY_SLACK_BOT_TOKEN', '')
param slackClientId = readEnvironmentVariable('BRIEFLY_SLACK_CLIENT_ID', '')
param slackClientSecret = readEnvironmentVariable('BRIEFLY_SLACK_CLIENT_SECRET', '')
param dashboardPassword = readEnvironmentVariable('BRIEFLY_DASHBOARD_PASSWORD', '')
param publishingOperator = readEnvironmentVariable('BRIEFLY_OPERATOR', '')
param publishingContact = readEnvironmentVariable('BRIEFLY_CONTACT', '')
param vaultAdminObjectId = readEnvironmentVariable('BRIEFLY_VAULT_ADMIN', '')
