using Leercultuur.Data.Settings;
using System.Reflection;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Scans.Instruments;
using Leercultuur.Scans.Organisations;
using Leercultuur.Scans.Replays;
using Leercultuur.Scans.Respondents;
using Leercultuur.Scans.Results;
using Leercultuur.Scans.Scanning;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Idempotency;
using MassTransit;

namespace Leercultuur.Scans;

/// <summary>The scan service: instruments as versioned data, scans with anonymous respondents, scoring.</summary>
public sealed class ScansModule : IServiceModule
{
    public ApiDescriptor Api { get; } = new(
        "scans",
        "Leercultuur scans API",
        "1.0.0",
        "Learning-culture instruments, scans of organisations, anonymous responses and scoring; publishes ScanCompleted.");

    public void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddServiceDatabase<ScansModule>(builder.Configuration, "Scans:Database", Path.Combine("data", "scans.db"));
        builder.Services.AddOutbox<ScansModule>();
        builder.Services.AddInbox<ScansModule>();
        builder.Services.AddIdempotency<ScansModule>(builder.Configuration);
        builder.Services.AddLoadedAtStartup(InstrumentCatalog.LoadEmbedded);
        builder.Services.AddSingleton<InstrumentStore>();
        builder.Services.AddValidatedSettings<InstrumentSyncOptions>(builder.Configuration, InstrumentSyncOptions.Section);
        builder.Services.AddHostedService<InstrumentSync>();
        builder.Services.AddSingleton<OrganisationReplica>();
        builder.Services.AddSingleton<ScanRepository>();
        builder.Services.AddSingleton<ScanService>();
        builder.Services.AddSingleton<RespondentRepository>();
        builder.Services.AddSingleton<RespondentService>();
        builder.Services.AddSingleton<ResultService>();
        builder.Services.AddSingleton<ReplayService>();
        builder.Services.AddSingleton<BenchmarkClient>();
        builder.Services.AddValidatedSettings<BenchmarkOptions>(builder.Configuration, BenchmarkOptions.Section);

        // Timeout per attempt and in all, retries with jitter and a circuit breaker: a slow or absent
        // reporting service costs a result a few seconds at most and then "benchmark unavailable".
        var options = builder.Configuration.GetSection(BenchmarkOptions.Section).Get<BenchmarkOptions>() ?? new BenchmarkOptions();
        builder.Services.AddHttpClient(BenchmarkClient.Name)
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(100);
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.AttemptTimeout.Ticks * 2));
                resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(15);
            });
        builder.Services.AddValidatedSettings<DeadlineOptions>(builder.Configuration, DeadlineOptions.Section);
        builder.Services.AddHostedService<DeadlineJob>();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<OrganisationEventsConsumer, OrganisationEventsConsumerDefinition>();

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapInstruments(Api);
        endpoints.MapScans(Api);
        endpoints.MapRespondents(Api);
        endpoints.MapResults(Api);
        endpoints.MapReplays(Api);
    }

    public IReadOnlyList<string> Migrate(IServiceProvider services, bool force) =>
        ModuleMigration.MigrateIfConfigured<ScansModule>(services, force, Assembly.GetExecutingAssembly());
}
