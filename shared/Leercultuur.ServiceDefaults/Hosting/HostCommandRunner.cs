using Leercultuur.Messaging;
using Leercultuur.Messaging.ErrorQueues;
using Leercultuur.Messaging.Outbox;
using Leercultuur.ServiceDefaults.Security;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leercultuur.ServiceDefaults.Hosting;

/// <summary>Runs a <see cref="HostCommand"/> against a built, not started, host. Writes its answer to standard output.</summary>
internal static class HostCommandRunner
{
    public static async Task<int> RunAsync(HostCommand command, WebApplication app, IReadOnlyList<IServiceModule> modules)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = Console.Out;
        switch (command.Name)
        {
            case HostCommand.Migrate:
                await MigrateAsync(app, modules, output, timeout.Token);
                return 0;

            case HostCommand.Outbox:
                var outboxes = app.Services.GetServices<IOutboxAdministration>()
                    .Where(o => command.Service is null || o.Service.StartsWith(command.Service, StringComparison.OrdinalIgnoreCase))
                    .ToList();
                if (outboxes.Count == 0 || (command.Id is not null && outboxes.Count > 1))
                {
                    // Row ids are per database: with several outboxes, --id needs --service to say whose.
                    await Console.Error.WriteLineAsync($"Name one outbox with --service ({string.Join(", ", app.Services.GetServices<IOutboxAdministration>().Select(o => o.Service))}).");
                    return 2;
                }

                foreach (var outbox in outboxes)
                {
                    if (command.Verb == "replay")
                    {
                        var replayed = await outbox.ReplayAsync(command.All ? null : command.Id, timeout.Token);
                        await output.WriteLineAsync($"{outbox.Service}: {replayed} dead-lettered row(s) back in line");
                        continue;
                    }

                    var rows = await outbox.DeadLettersAsync(command.Limit, timeout.Token);
                    await output.WriteLineAsync($"{outbox.Service}: {rows.Count} dead-lettered row(s) shown (at most {command.Limit})");
                    foreach (var row in rows)
                    {
                        await output.WriteLineAsync($"  id={row.Id} messageId={row.MessageId} type={row.MessageType} attempts={row.Attempts} created={row.CreatedAt:O} deadLettered={row.DeadLetteredAt:O}");
                        await output.WriteLineAsync($"    error: {row.LastError}");
                    }
                }

                return 0;

            case HostCommand.Rebuild:
                // A rebuild of a large database is one long transaction: longer than the other commands may take.
                using (var rebuildTimeout = new CancellationTokenSource(TimeSpan.FromHours(6)))
                {
                    foreach (var module in modules)
                    {
                        try
                        {
                            if (await module.RebuildAsync(app.Services, rebuildTimeout.Token) is { } summary)
                            {
                                await output.WriteLineAsync($"{module.Api.Name}: {summary}");
                            }
                        }
                        catch (InvalidOperationException failed)
                        {
                            await Console.Error.WriteLineAsync($"{module.Api.Name}: {failed.Message}");
                            return 2;
                        }
                    }
                }

                return 0;

            case HostCommand.Replay:
                // A replay of a large scan service takes many pages: longer than the other commands may.
                using (var replayTimeout = new CancellationTokenSource(TimeSpan.FromHours(6)))
                {
                    return await ReplayAsync(app, modules, output, replayTimeout.Token);
                }

            case HostCommand.ErrorQueue:
                return await ErrorQueueAsync(command, app, output, timeout.Token);

            case HostCommand.Token:
                try
                {
                    await output.WriteLineAsync(app.Services.GetRequiredService<DevelopmentTokens>().Issue(command.Role!, command.Programme, command.Subject, command.Lifetime));
                    return 0;
                }
                catch (InvalidOperationException refused)
                {
                    await Console.Error.WriteLineAsync(refused.Message);
                    return 2;
                }

            default:
                await Console.Error.WriteLineAsync(HostCommand.Usage);
                return 2;
        }
    }

    private static async Task<int> ReplayAsync(WebApplication app, IReadOnlyList<IServiceModule> modules, TextWriter output, CancellationToken cancellationToken)
    {
        var asked = false;
        foreach (var module in modules)
        {
            try
            {
                if (await module.ReplayAsync(app.Services, cancellationToken) is { } summary)
                {
                    asked = true;
                    await output.WriteLineAsync($"{module.Api.Name}: {summary}");
                }
            }
            catch (InvalidOperationException refused)
            {
                await Console.Error.WriteLineAsync($"{module.Api.Name}: {refused.Message}");
                return 2;
            }
        }

        if (!asked)
        {
            await Console.Error.WriteLineAsync("No service in this host derives from another's events: nothing to replay.");
            return 2;
        }

        return 0;
    }

    private static async Task MigrateAsync(WebApplication app, IReadOnlyList<IServiceModule> modules, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var module in modules)
        {
            var applied = module.Migrate(app.Services, force: true);
            await output.WriteLineAsync($"{module.Api.Name}: {applied.Count} migration script(s) applied");
        }

        // The topology step: every queue, exchange and binding of this host's consumers exists before any
        // service publishes, so an event published before its consumer first started is kept, not dropped.
        if (app.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.Transport == MessagingTransport.RabbitMq)
        {
            var bus = app.Services.GetRequiredService<IBusControl>();
            await bus.DeployAsync(cancellationToken);
            var queues = ReceiveQueues(bus);
            await app.Services.GetRequiredService<ErrorQueueTool>().DeclareAsync(queues, cancellationToken);
            await output.WriteLineAsync($"broker topology deployed: {string.Join(", ", queues)} (with their error queues)");
        }
    }

    private static async Task<int> ErrorQueueAsync(HostCommand command, WebApplication app, TextWriter output, CancellationToken cancellationToken)
    {
        if (app.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.Transport != MessagingTransport.RabbitMq)
        {
            await Console.Error.WriteLineAsync("Error queues live on RabbitMQ; the in-memory bus keeps none across restarts.");
            return 2;
        }

        var tool = app.Services.GetRequiredService<ErrorQueueTool>();
        if (command.Verb == "replay")
        {
            var moved = await tool.ReplayAsync(command.Queue!, command.Limit, cancellationToken);
            await output.WriteLineAsync($"{moved} message(s) moved from {command.Queue}{ErrorQueueTool.Suffix} back to {command.Queue}");
            return 0;
        }

        if (command.Queue is null)
        {
            foreach (var (queue, messages) in await tool.CountAsync(ReceiveQueues(app.Services.GetRequiredService<IBusControl>()), cancellationToken))
            {
                await output.WriteLineAsync($"{queue}: {messages} message(s)");
            }

            return 0;
        }

        var listed = await tool.ListAsync(command.Queue, command.Limit, cancellationToken);
        await output.WriteLineAsync($"{command.Queue}{ErrorQueueTool.Suffix}: {listed.Count} message(s) shown (at most {command.Limit})");
        foreach (var message in listed)
        {
            await output.WriteLineAsync($"  messageId={message.MessageId} type={string.Join("|", message.MessageTypes)} faulted={message.FaultedAt}");
            await output.WriteLineAsync($"    {message.ExceptionType}: {message.ExceptionMessage}");
        }

        return 0;
    }

    /// <summary>The durable receive queues this host's bus is configured with (not its temporary reply queue).</summary>
    public static IReadOnlyList<string> ReceiveQueues(IBusControl bus) =>
        bus.CheckHealth().Endpoints.Keys
            .Select(address => new Uri(address))
            .Where(address => !address.Query.Contains("temporary=true", StringComparison.OrdinalIgnoreCase) &&
                              !address.Query.Contains("autodelete=", StringComparison.OrdinalIgnoreCase))
            .Select(address => address.Segments[^1])
            .Order(StringComparer.Ordinal)
            .ToList();
}
