// Logs and telemetry: the Container Apps environment sends the host's console log to the workspace, and the host
// gets the Application Insights connection string as APPLICATIONINSIGHTS_CONNECTION_STRING.
param name string
param location string

@description('Days the log is kept.')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

// Workspace-based: classic Application Insights resources were retired
// (https://learn.microsoft.com/azure/azure-monitor/app/convert-classic-resource).
resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

output logAnalyticsWorkspaceName string = workspace.name
output applicationInsightsName string = insights.name
output applicationInsightsConnectionString string = insights.properties.ConnectionString
