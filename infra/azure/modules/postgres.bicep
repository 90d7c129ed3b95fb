// Azure Database for PostgreSQL Flexible Server: Briefly's Database:Provider=Postgres. The hosts keep their
// stories, deliveries and Hangfire's queues here, and each host migrates it at start under EF Core's lock.
param serverName string
param location string
param adminLogin string

@secure()
param adminPassword string

@description('The host runs PostgreSQL 16 in compose.yaml and in the tests; the same major version here.')
param version string = '16'

@description('Burstable B1ms suits a bot whose work is a daily fan-out; raise it for thousands of channels.')
param skuName string = 'Standard_B1ms'
param skuTier string = 'Burstable'
param storageSizeGB int = 32

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: serverName
  location: location
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: version
    administratorLogin: adminLogin
    administratorLoginPassword: adminPassword
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    // Public access limited to Azure's own addresses (the rule below); a VNet-injected server is the stricter
    // choice and needs the Container Apps environment in the same VNet (infra/README.md).
    network: {
      publicNetworkAccess: 'Enabled'
    }
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
  }
}

// 0.0.0.0–0.0.0.0 is the documented form of "allow public access from any Azure service"
// (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-firewall-rules): Container Apps on the
// consumption plan have no fixed outbound address to name instead.
resource azureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: 'briefly'
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
