using Briefly.Data;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Briefly.Data.Tests;

public class MigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrations_apply_and_match_the_model(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations are behind the model: add a migration.");
    }

    [Fact]
    public void The_SQL_Server_migrations_match_the_model_and_generate_a_script()
    {
        // SQL Server cannot run on these machines: its migrations are proven by generating the script a DBA would run.
        var options = new DbContextOptionsBuilder<SqlServerBrieflyDbContext>()
            .UseSqlServer("Server=unused;Database=briefly")
            .Options;
        using var db = new SqlServerBrieflyDbContext(options);
        Assert.False(db.Database.HasPendingModelChanges(), "The SqlServer migrations are behind the model: add a migration.");

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Briefs]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Briefs_TitleKey_Date]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Deliveries_ConversationId_BriefId]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_TopicSubscriptions_UserId_TopicKey]", script);
        Assert.Contains("len([Title]) > 0", script);
        Assert.DoesNotContain("length(", script);
    }
}
