namespace Leercultuur.Data;

/// <summary>The database engines the services run on. SQL Server is the production target.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
