using Leercultuur.Messaging;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leercultuur.ServiceDefaults.Hosting;

/// <summary>
/// Builds and runs a host for one or more service modules: the same composition for each service's own
/// host and for the standalone host, so the two cannot drift apart.
/// </summary>
public static class LeercultuurHost
{
    public const string MigrateCommand = "migrate";

    public static WebApplication Build(string[] args, string serviceName, IReadOnlyList<IServiceModule> modules, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args.Where(a => a != MigrateCommand).ToArray());
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
        foreach (var module in modules)
        {
            module.AddServices(builder);
            builder.Services.AddLeercultuurOpenApi(module.Api);
        }

        builder.Services.AddLeercultuurMessaging(builder.Configuration, bus =>
        {
            foreach (var module in modules)
            {
                module.AddConsumers(bus);
            }
        });

        var app = builder.Build();
        app.UseLeercultuurHttp();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapLeercultuurOpenApi(modules.Select(m => m.Api));
        foreach (var module in modules)
        {
            module.MapEndpoints(app);
        }

        return app;
    }

    /// <summary>Run the host, or with the argument <c>migrate</c> only migrate every module's database and exit.</summary>
    public static async Task<int> RunAsync(string[] args, string serviceName, IReadOnlyList<IServiceModule> modules, Action<WebApplicationBuilder>? configure = null)
    {
        var app = Build(args, serviceName, modules, configure);
        if (args.Contains(MigrateCommand))
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(nameof(LeercultuurHost));
            foreach (var module in modules)
            {
                var applied = module.Migrate(app.Services, force: true);
                logger.LogInformation("{Api}: {Count} migration script(s) applied", module.Api.Name, applied.Count);
            }

            return 0;
        }

        await app.RunAsync();
        return 0;
    }
}
