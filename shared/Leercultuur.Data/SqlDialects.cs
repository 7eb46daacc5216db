using Leercultuur.Data.Dialects;

namespace Leercultuur.Data;

public static class SqlDialects
{
    private static readonly ISqlDialect Sqlite = new SqliteDialect();
    private static readonly ISqlDialect PostgreSql = new PostgreSqlDialect();
    private static readonly ISqlDialect SqlServer = new SqlServerDialect();

    public static ISqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => Sqlite,
        DatabaseProvider.PostgreSql => PostgreSql,
        DatabaseProvider.SqlServer => SqlServer,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };
}
