using System.Reflection;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Organisations.Classification;
using Leercultuur.Organisations.CodeLists;
using Leercultuur.Organisations.Programmes;
using Leercultuur.Organisations.Registration;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Idempotency;
using MassTransit;

namespace Leercultuur.Organisations;

/// <summary>The organisation service: companies, their SBI sector, size class and province.</summary>
public sealed class OrganisationsModule : IServiceModule
{
    public ApiDescriptor Api { get; } = new(
        "organisations",
        "Leercultuur organisations API",
        "1.0.0",
        "Registers companies (KvK number, SBI sector, headcount, province) whose learning culture is scanned.");

    public void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddServiceDatabase<OrganisationsModule>(builder.Configuration, "Organisations:Database", Path.Combine("data", "organisations.db"));
        builder.Services.AddOutbox<OrganisationsModule>();
        builder.Services.AddIdempotency<OrganisationsModule>(builder.Configuration);
        builder.Services.AddLoadedAtStartup(SbiSectionTable.LoadEmbedded);
        builder.Services.AddSingleton<OrganisationRepository>();
        builder.Services.AddSingleton<ProgrammeRepository>();
        builder.Services.AddSingleton<OrganisationService>();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        // The organisation service is the source of organisations: it consumes nothing yet.
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrganisations(Api);
        endpoints.MapProgrammes(Api);
        endpoints.MapCodeLists(Api);
    }

    public IReadOnlyList<string> Migrate(IServiceProvider services, bool force) =>
        ModuleMigration.MigrateIfConfigured<OrganisationsModule>(services, force, Assembly.GetExecutingAssembly());
}
