// The host on Azure Container Apps: the image of infra/Dockerfile, with managed TLS on the app's address,
// settings as environment variables (the host's keys with __ for :), secrets from Key Vault, and probes on /health/ready and /health/live.
param name string
param location string
param image string
param registryName string
param replicas int
param identityId string
param identityPrincipalId string
param logAnalyticsWorkspaceName string
param applicationInsightsConnectionString string

@description('The vault the secrets are in, ending in a slash.')
param vaultUri string

@description('The secrets stored there: { setting, name }, setting being the host\'s key in environment form.')
param secrets array

@description('Plain settings, environment form (Teams__MicrosoftAppId); an empty value is left out.')
param settings object

// The port infra/Dockerfile listens on.
var port = 3978

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsWorkspaceName
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = if (!empty(registryName)) {
  name: registryName
}

var acrPullRole = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource registryPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(registryName)) {
  name: guid(resourceId('Microsoft.ContainerRegistry/registries', registryName), identityPrincipalId, acrPullRole)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRole)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${name}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
  }
}

// Known before the app exists, so the app can be told its own address (Publishing:PublicUrl).
var url = 'https://${name}.${environment.properties.defaultDomain}'

var plainSettings = filter(
  items(union(settings, {
    Database__Provider: 'Postgres'
    Publishing__PublicUrl: url
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  })),
  s => !empty(s.value)
)

// /health/ready answers 200 for Healthy and Degraded (answers on words alone) and 503 for Unhealthy (the database or
// Hangfire's storage does not answer, the search index is still loading); /health/live answers 200 whenever the process
// answers at all, so a database outage takes hosts out of rotation without restarting them.
var ready = {
  path: '/health/ready'
  port: port
  scheme: 'HTTP'
}
var live = {
  path: '/health/live'
  port: port
  scheme: 'HTTP'
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      // One revision at a time: two revisions of different builds must not run migrations against each other.
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
        // Basic sign-in to /hangfire signs its antiforgery token with each host's own data-protection keys.
        stickySessions: {
          affinity: 'sticky'
        }
      }
      registries: empty(registryName) ? [] : [
        {
          server: registry!.properties.loginServer
          identity: identityId
        }
      ]
      secrets: [
        for secret in secrets: {
          name: secret.name
          // Versionless: a new version in the vault reaches the app within 30 minutes, restarting it.
          keyVaultUrl: '${vaultUri}secrets/${secret.name}'
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'briefly'
          image: image
          args: ['serve']
          // The embedding model takes about 600 MB of working set; 1 CPU / 2 GiB is a valid consumption pair.
          resources: {
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: concat(
            map(plainSettings, s => { name: s.key, value: s.value }),
            map(secrets, s => { name: s.setting, secretRef: s.name })
          )
          probes: [
            {
              // Start migrates the database, builds the search index and loads the model: up to 5 minutes.
              type: 'Startup'
              httpGet: ready
              periodSeconds: 10
              failureThreshold: 30
              timeoutSeconds: 5
            }
            {
              type: 'Readiness'
              httpGet: ready
              periodSeconds: 10
              failureThreshold: 3
              timeoutSeconds: 5
            }
            {
              type: 'Liveness'
              httpGet: live
              periodSeconds: 30
              failureThreshold: 5
              timeoutSeconds: 5
            }
          ]
        }
      ]
      // Fixed: the daily brief and alerts are recurring jobs of running hosts, so scaling to zero would stop them.
      scale: {
        minReplicas: replicas
        maxReplicas: replicas
      }
    }
  }
  dependsOn: [
    registryPull
  ]
}

output url string = 'https://${app.properties.configuration.ingress.fqdn}'
