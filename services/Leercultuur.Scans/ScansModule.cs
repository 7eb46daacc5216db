using Leercultuur.Data.Settings;
using System.Reflection;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Scans.Instruments;
using Leercultuur.Scans.Organisations;
using Leercultuur.Scans.Respondents;
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
        builder.Services.AddSingleton(InstrumentCatalog.LoadEmbedded());
        builder.Services.AddSingleton<OrganisationReplica>();
        builder.Services.AddSingleton<ScanRepository>();
        builder.Services.AddSingleton<ScanService>();
        builder.Services.AddSingleton<RespondentRepository>();
        builder.Services.AddSingleton<RespondentService>();
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
    }

    public IReadOnlyList<string> Migrate(IServiceProvider services, bool force) =>
        ModuleMigration.MigrateIfConfigured<ScansModule>(services, force, Assembly.GetExecutingAssembly());
}
