using Leercultuur.Messaging;
using Leercultuur.ServiceDefaults.Health;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Leercultuur.ServiceDefaults.Hosting;

/// <summary>
/// Builds and runs a host for one or more service modules: the same composition for each service's own
/// host and for the standalone host, so the two cannot drift apart.
/// </summary>
public static class LeercultuurHost
{
    /// <summary>
    /// Lowest-precedence logging defaults: warnings from the frameworks (ASP.NET Core alone writes about
    /// eleven information lines per request), information from our own code and from start and stop.
    /// Any configuration source can still lower or raise them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> LoggingDefaults = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Leercultuur"] = "Information",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    };

    /// <summary>The host for <paramref name="modules"/>; <paramref name="command"/> set when it is built to run an operator's command.</summary>
    public static WebApplication Build(string[] configurationArgs, string serviceName, IReadOnlyList<IServiceModule> modules, Action<WebApplicationBuilder>? configure = null, HostCommand? command = null)
    {
        var builder = WebApplication.CreateBuilder(configurationArgs);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LoggingDefaults });
        configure?.Invoke(builder);

        builder.Services.AddSingleton(TimeProvider.System);
        foreach (var module in modules)
        {
            builder.Services.AddSingleton(module);
        }

        // Before the bus and the relays: hosted services start in registration order.
        builder.Services.AddHostedService<MigrationHostedService>();

        builder.AddLeercultuurTelemetry(serviceName);
        builder.AddLeercultuurHttp(modules.Select(m => m.Api).ToList());
        builder.AddLeercultuurSecurity();
        builder.AddLeercultuurRateLimits();
        foreach (var module in modules)
        {
            module.AddServices(builder);
            builder.Services.AddLeercultuurOpenApi(module.Api, builder.Configuration);
        }

        builder.Services.AddLeercultuurMessaging(
            builder.Configuration,
            bus =>
            {
                foreach (var module in modules)
                {
                    module.AddConsumers(bus);
                }
            },
            deployTopologyOnly: command?.Name == HostCommand.Migrate);

        var app = builder.Build();
        app.UseLeercultuurHttp();
        app.MapLeercultuurHealth();
        app.MapLeercultuurOpenApi(modules.Select(m => m.Api));
        foreach (var module in modules)
        {
            module.MapEndpoints(app);
        }

        return app;
    }

    /// <summary>Run the host, or run the operator's command given in the first arguments (see <see cref="HostCommand"/>) and exit.</summary>
    public static async Task<int> RunAsync(string[] args, string serviceName, IReadOnlyList<IServiceModule> modules, Action<WebApplicationBuilder>? configure = null)
    {
        HostCommand? command;
        string[] configurationArgs;
        try
        {
            command = HostCommand.Parse(args, out configurationArgs);
        }
        catch (Exception usage) when (usage is FormatException or OverflowException or ArgumentException)
        {
            await Console.Error.WriteLineAsync(HostCommand.Usage);
            return 2;
        }

        WebApplication? app = null;
        try
        {
            app = Build(configurationArgs, serviceName, modules, configure, command);
            if (command is not null)
            {
                return await HostCommandRunner.RunAsync(command, app, modules);
            }

            await app.RunAsync();
            return 0;
        }
        catch (Exception exception) when (InvalidSettings(exception) is { Count: > 0 } failures)
        {
            // A bad setting is the operator's to fix: say which, plainly, and exit without a stack trace.
            foreach (var failure in failures)
            {
                await Console.Error.WriteLineAsync(failure);
            }

            return 1;
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static List<string> InvalidSettings(Exception exception) => exception switch
    {
        OptionsValidationException invalid => invalid.Failures.ToList(),
        StartupRefusedException refused => refused.Reasons.ToList(),

        // The configuration binder's own refusal of a value (a word where a number or an enum belongs) names the key.
        InvalidOperationException conversion when conversion.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => [conversion.Message],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(InvalidSettings).ToList(),
        { InnerException: { } inner } => InvalidSettings(inner),
        _ => [],
    };
}
