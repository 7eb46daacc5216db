using System.Diagnostics;
using Npgsql;

namespace Leercultuur.FaultScenarios;

/// <summary>
/// The PostgreSQL cluster that fault scenarios may stop and start (<c>./test.sh --faults</c> creates it
/// beside the main one, so the rest of the machine's tests are never disturbed). Stopping it is what an
/// operator's restart or a crashed server does: open connections are cut and new ones refused.
/// </summary>
internal static class PostgresCluster
{
    /// <summary>Version and name, as <c>pg_ctlcluster</c> takes them, for example <c>15 faults</c>.</summary>
    public static string Name => Environment.GetEnvironmentVariable("POSTGRES_FAULTS_CLUSTER") ?? "15 faults";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("POSTGRES_FAULTS_CONNECTION_STRING")
        ?? "Host=localhost;Port=5433;Username=leercultuur;Password=leercultuur;Database=postgres;Pooling=false";

    public static Task StopAsync() => ControlAsync("stop", "-m", "fast");

    public static async Task StartAsync()
    {
        await ControlAsync("start");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task ControlAsync(params string[] arguments)
    {
        // pg_ctlcluster needs root, as ./test.sh does: through sudo when the tests run as another user.
        var start = new ProcessStartInfo(Environment.IsPrivilegedProcess ? "pg_ctlcluster" : "sudo") { RedirectStandardError = true, RedirectStandardOutput = true };
        if (!Environment.IsPrivilegedProcess)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add("pg_ctlcluster");
        }

        foreach (var part in Name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(part);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctlcluster {Name} {string.Join(' ', arguments)} failed: {error}");
        }
    }
}
