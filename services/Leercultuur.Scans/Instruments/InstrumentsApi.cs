using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leercultuur.Scans.Instruments;

public static class InstrumentsApi
{
    public static IEndpointRouteBuilder MapInstruments(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        // The questionnaires are public: respondents read them without an account.
        var group = endpoints.MapApiGroup(api, "instruments", "Instruments").AllowAnonymous();
        group.MapGet("", List).WithName("ListInstruments").WithSummary("Every instrument version, with items, scale and dimensions.");
        group.MapGet("{key}/versions/{version}", Get).WithName("GetInstrumentVersion").WithSummary("One instrument version.");
        return endpoints;
    }

    private static Ok<IReadOnlyList<Instrument>> List(InstrumentCatalog catalog) => TypedResults.Ok(catalog.All);

    private static Results<Ok<Instrument>, ProblemHttpResult> Get(string key, int version, InstrumentCatalog catalog) =>
        catalog.Find(key, version) is { } instrument
            ? TypedResults.Ok(instrument)
            : Problems.NotFound($"No instrument '{key}' version {version}.");
}
