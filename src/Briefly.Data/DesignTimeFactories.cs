using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Briefly.Data;

// Used only by `dotnet ef migrations add`; the connection strings are placeholders, no database is opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBrieflyDbContext>
{
    public SqliteBrieflyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBrieflyDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBrieflyDbContext>
{
    public PostgresBrieflyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBrieflyDbContext>().UseNpgsql("Host=localhost;Database=briefly").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerBrieflyDbContext>
{
    public SqlServerBrieflyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerBrieflyDbContext>().UseSqlServer("Server=localhost;Database=briefly").Options);
}
