namespace Leercultuur.Testing;

/// <summary>
/// Where the real servers are. <c>./test.sh</c> installs and starts them; the defaults match what it sets up.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable("POSTGRES_CONNECTION_STRING")
        ?? "Host=localhost;Port=5432;Username=leercultuur;Password=leercultuur;Database=postgres;Pooling=false";

    /// <summary>Set to run every repository test against SQL Server too (a server that can create databases).</summary>
    public static string? SqlServerConnectionString =>
        Environment.GetEnvironmentVariable("SQLSERVER_CONNECTION_STRING") is { Length: > 0 } value ? value : null;

    public static string RabbitMqHost => Environment.GetEnvironmentVariable("RABBITMQ_HOST") ?? "localhost";

    public static string RabbitMqUsername => Environment.GetEnvironmentVariable("RABBITMQ_USERNAME") ?? "guest";

    public static string RabbitMqPassword => Environment.GetEnvironmentVariable("RABBITMQ_PASSWORD") ?? "guest";

    public static Uri RabbitMqManagementUri => new(Environment.GetEnvironmentVariable("RABBITMQ_MANAGEMENT_URL") ?? "http://localhost:15672/");
}
