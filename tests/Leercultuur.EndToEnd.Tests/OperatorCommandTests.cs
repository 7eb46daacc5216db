using Dapper;
using Leercultuur.Data;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.EndToEnd.Tests;

/// <summary>The documented operator commands, run as an operator runs them: against the built service, from a shell.</summary>
public sealed class OperatorCommandTests
{
    [Fact]
    public async Task Error_queue_commands_list_a_failed_message_without_its_content_and_replay_it_once_the_cause_is_fixed()
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var settings = broker.Settings().Concat(database.Settings("Reporting:Database")).ToList();
        using var reporting = await ServiceProcess.StartAsync("Leercultuur.Reporting", settings);
        using var publisher = await BusHost.StartAsync(broker.Settings());

        // A fault that is no passing outage: the database refuses this period's cells (think of a bug).
        await ExecuteAsync(database,
            "CREATE FUNCTION refuse_period() RETURNS trigger AS $$ BEGIN IF NEW.period = '2024-Q1' THEN RAISE EXCEPTION 'refused on purpose'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; " +
            "CREATE TRIGGER refuse_period BEFORE INSERT OR UPDATE ON aggregate_cells FOR EACH ROW EXECUTE FUNCTION refuse_period();");
        var messageId = NewId.NextGuid();
        var scan = TestEvents.ScanCompleted(4.25, period: "2024-Q1", respondents: 4);
        await publisher.Services.GetRequiredService<IBus>().Publish(scan, context => context.MessageId = messageId);

        await Eventually.Until(
            async () => (await ServiceProcess.RunCommandAsync("Leercultuur.Reporting", settings, "error-queue", "list")).Output,
            output => output.Contains("reporting-scan-completed_error: 1 message(s)", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the failed message in the error queue");
        var (listed, listing) = await ServiceProcess.RunCommandAsync("Leercultuur.Reporting", settings, "error-queue", "list", "reporting-scan-completed");
        Assert.Equal(0, listed);
        Assert.Contains($"messageId={messageId}", listing);
        Assert.Contains("urn:message:Leercultuur.Contracts:ScanCompleted", listing);
        Assert.Contains("Npgsql.PostgresException", listing);
        Assert.DoesNotContain("4.25", listing);
        Assert.DoesNotContain(scan.OrganisationId.ToString(), listing);

        // The cause is fixed; the operator replays, twice by mistake.
        await ExecuteAsync(database, "DROP TRIGGER refuse_period ON aggregate_cells");
        var (replayed, replaying) = await ServiceProcess.RunCommandAsync("Leercultuur.Reporting", settings, "error-queue", "replay", "reporting-scan-completed");
        Assert.Equal(0, replayed);
        Assert.Contains("1 message(s) moved", replaying);
        Assert.Contains("0 message(s) moved", (await ServiceProcess.RunCommandAsync("Leercultuur.Reporting", settings, "error-queue", "replay", "reporting-scan-completed")).Output);

        await Eventually.Until(() => ScalarAsync<long>(database, "SELECT COALESCE(SUM(organisations), 0) FROM aggregate_cells WHERE period = '2024-Q1'"), n => n == 1, TimeSpan.FromSeconds(30), "the replayed scan in its cell");
        Assert.Equal(4.25, await ScalarAsync<double>(database, "SELECT SUM(sum_of_means) FROM aggregate_cells WHERE period = '2024-Q1'"), 6);
    }

    [Fact]
    public async Task Replay_exits_with_what_to_do_when_no_scan_service_is_set_or_it_cannot_be_reached()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var settings = database.Settings("Reporting:Database").Append(new("Messaging:Transport", "InMemory")).ToList();

        var (unset, unsetOutput) = await ServiceProcess.RunCommandAsync("Leercultuur.Reporting", settings, "replay");
        Assert.Equal(2, unset);
        Assert.Contains("Reporting:Replay:ScansBaseAddress", unsetOutput);

        // Nothing listens on port 9: refused (after the retries), and the command says so and how to go on.
        var (unreachable, unreachableOutput) = await ServiceProcess.RunCommandAsync(
            "Leercultuur.Reporting", settings.Append(new("Reporting:Replay:ScansBaseAddress", "http://127.0.0.1:9/")).Append(new("Reporting:Replay:PageTimeout", "00:00:02")), "replay");
        Assert.Equal(2, unreachable);
        Assert.Contains("reporting: The scan service cannot be reached (", unreachableOutput);
        Assert.Contains("replay again", unreachableOutput);
    }

    [Fact]
    public async Task Outbox_commands_list_dead_lettered_rows_and_put_them_back_in_line()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var settings = database.Settings("Organisations:Database").Append(new("Messaging:Transport", "InMemory")).ToList();
        Assert.Equal(0, (await ServiceProcess.RunCommandAsync("Leercultuur.Organisations", settings, "migrate")).ExitCode);
        await ExecuteAsync(database,
            "INSERT INTO outbox_messages (message_id, message_type, body, created_at, attempts, dead_lettered_at, last_error) " +
            "VALUES ('0b9b8e0e-8a3f-4c2d-9d55-7f1f3c2a9e01', 'urn:message:Leercultuur.Contracts:OrganisationRegistered', '{}', now(), 10, now(), 'System.Text.Json.JsonException: broken')");

        var (listed, listing) = await ServiceProcess.RunCommandAsync("Leercultuur.Organisations", settings, "outbox", "dead-letters");
        Assert.Equal(0, listed);
        Assert.Contains("OrganisationsModule: 1 dead-lettered row(s)", listing);
        Assert.Contains("messageId=0b9b8e0e-8a3f-4c2d-9d55-7f1f3c2a9e01", listing);
        Assert.Contains("System.Text.Json.JsonException: broken", listing);

        Assert.Equal(2, (await ServiceProcess.RunCommandAsync("Leercultuur.Organisations", settings, "outbox", "replay")).ExitCode);
        var (replayed, replaying) = await ServiceProcess.RunCommandAsync("Leercultuur.Organisations", settings, "outbox", "replay", "--all");
        Assert.Equal(0, replayed);
        Assert.Contains("1 dead-lettered row(s) back in line", replaying);
        Assert.Equal(0, await ScalarAsync<long>(database, "SELECT COUNT(*) FROM outbox_messages WHERE dead_lettered_at IS NOT NULL OR attempts > 0"));
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = await new Database(database.Options).OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    private static async Task<T> ScalarAsync<T>(TestDatabase database, string sql)
    {
        await using var connection = await new Database(database.Options).OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }
}
