using System.Collections;
using System.Reflection;
using Leercultuur.Data.Dialects;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Leercultuur.Data.Tests;

/// <summary>
/// No SQL Server runs here, so every T-SQL migration script and every statement the repositories
/// send to SQL Server is parsed by Microsoft's own parser: a syntax error cannot ship unseen.
/// </summary>
public sealed class TransactSqlParsingTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var assembly in ServiceAssemblies.All)
        {
            foreach (var (name, _) in DatabaseMigrator.EmbeddedScripts(assembly, DatabaseProvider.SqlServer))
            {
                data.Add(name);
            }
        }

        return data;
    }

    public static TheoryData<string, string> Statements()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, sql) in SqlServerStatements())
        {
            data.Add(name, sql);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Every_SQL_Server_migration_script_parses(string name)
    {
        var sql = ServiceAssemblies.All.SelectMany(a => DatabaseMigrator.EmbeddedScripts(a, DatabaseProvider.SqlServer)).Single(s => s.Name == name).Sql;

        Assert.True(AssertParses(sql) > 0, $"{name} holds no statement");
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Every_statement_parses_as_T_SQL(string name, string sql)
    {
        Assert.True(AssertParses(sql) > 0, $"{name} holds no statement");
    }

    [Fact]
    public void The_SQL_Server_dialect_builds_T_SQL_for_every_engine_difference()
    {
        var dialect = new SqlServerDialect();
        var built = new Dictionary<string, string>
        {
            ["TransactionLock"] = dialect.TransactionLock,
            ["SessionLock"] = dialect.SessionLock,
            ["DeleteBatch"] = dialect.DeleteBatch("inbox_messages", "processed_at < @before"),
            ["InKeyList"] = $"SELECT id FROM outbox_messages WHERE {dialect.InKeyList("id", "ids")}",
            ["Upsert guarded"] = dialect.Upsert(new UpsertSpec("t", ["k"], ["v", "version"], [ColumnUpdate.Replace("v"), ColumnUpdate.Replace("version")]) { OnlyWhenGreater = "version" }),
            ["Page"] = dialect.Page("SELECT id FROM t ORDER BY id"),
        };

        Assert.All(built, statement => Assert.True(AssertParses(statement.Value) > 0, statement.Key));
    }

    [Fact]
    public void The_statement_sets_found_cover_every_service_and_the_messaging_library()
    {
        var owners = SqlServerStatements().Select(s => s.Name.Split('.')[1]).ToHashSet();

        Assert.Superset(new HashSet<string> { "Organisations", "Scans", "Reporting", "Messaging" }, owners);
        Assert.True(SqlServerStatements().Count() >= 20);
    }

    [Fact]
    public void A_syntax_error_is_caught_by_the_parser() =>
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertParses("SELEC id FROM scans"));

    /// <summary>Every string (or list of strings) property of every <see cref="ISqlStatements"/>, built with the SQL Server dialect.</summary>
    private static IEnumerable<(string Name, string Sql)> SqlServerStatements()
    {
        var dialect = new SqlServerDialect();
        foreach (var type in ServiceAssemblies.All.SelectMany(a => a.GetTypes()).Where(t => typeof(ISqlStatements).IsAssignableFrom(t) && !t.IsAbstract))
        {
            var constructor = type.GetConstructors().Single();
            var instance = constructor.GetParameters().Length == 0 ? constructor.Invoke([]) : constructor.Invoke([dialect]);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var value = property.GetValue(instance);
                if (value is string sql)
                {
                    yield return ($"{type.FullName}.{property.Name}", sql);
                }
                else if (value is IEnumerable list and not string)
                {
                    var index = 0;
                    foreach (var item in list.OfType<string>())
                    {
                        yield return ($"{type.FullName}.{property.Name}[{index++}]", item);
                    }
                }
            }
        }
    }

    /// <returns>How many statements the script holds.</returns>
    private static int AssertParses(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")) + Environment.NewLine + sql);
        return ((TSqlScript)fragment).Batches.Sum(b => b.Statements.Count);
    }
}
