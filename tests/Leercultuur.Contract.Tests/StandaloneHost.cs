using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.Testing;

namespace Leercultuur.Contract.Tests;

/// <summary>
/// All three APIs in one host (the standalone composition: the same modules and endpoints as the
/// separate services) on fresh SQLite files, with two programmes and helpers that build what a request
/// needs through the API itself. Every client checks its answers against the OpenAPI documents.
/// </summary>
public sealed class StandaloneHost : IAsyncLifetime
{
    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), "leercultuur-tests", $"contract-{Guid.NewGuid():N}");
    private int kvk = Random.Shared.Next(10_000_000, 80_000_000);

    public ServiceFactory<Standalone.Program> Factory { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public Guid ProgrammeA { get; private set; }

    public Guid ProgrammeB { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(dataFolder);
        Factory = new ServiceFactory<Standalone.Program>(
        [
            new("Organisations:Database:ConnectionString", $"Data Source={Path.Combine(dataFolder, "organisations.db")}"),
            new("Scans:Database:ConnectionString", $"Data Source={Path.Combine(dataFolder, "scans.db")}"),
            new("Reporting:Database:ConnectionString", $"Data Source={Path.Combine(dataFolder, "reporting.db")}"),
            new("Http:RateLimits:PerRespondentToken:PermitLimit", "1000000"),
        ]);
        Admin = (await Factory.CreateReadyClientAsync()).As(Roles.Admin);
        ProgrammeA = await NewProgrammeAsync();
        ProgrammeB = await NewProgrammeAsync();
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataFolder, recursive: true);
    }

    /// <summary>A client with the given bearer token, or none.</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = Factory.CreateCheckedClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public string NextKvk() => Interlocked.Increment(ref kvk).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    public object NewOrganisationBody() => new { name = $"Bedrijf {Guid.NewGuid():N}", kvkNumber = NextKvk(), sbiCode = "6201", sbiVersion = 2008, employees = 12, province = "NL-UT" };

    public async Task<Guid> NewProgrammeAsync()
    {
        var response = await Admin.PostAsJsonAsync("/organisations/v1/programmes", new { name = $"Programma {Guid.NewGuid():N}", sbiSections = new[] { "C", "J" } });
        return await IdOfAsync(response);
    }

    /// <summary>An organisation registered by the programme's client (so a member of it), once the scan service knows it.</summary>
    public async Task<Guid> NewOrganisationAsync(Guid programme)
    {
        using var client = ClientWith(TestTokens.For(Roles.Programme, programme));
        var id = await IdOfAsync(await client.PostAsJsonAsync("/organisations/v1/organisations", NewOrganisationBody()));
        await Eventually.Until(
            async () => (await Admin.PostAsJsonAsync("/scans/v1/scans", new { organisationId = id, instrument = "team-psychological-safety", period = "2001" })).StatusCode,
            status => status == HttpStatusCode.Created,
            TimeSpan.FromSeconds(30),
            "the scan service to know the organisation");
        return id;
    }

    /// <summary>An open scan of a new member of the programme, with one invited (unused) respondent token.</summary>
    public async Task<(Guid Scan, string Token)> NewScanAsync(Guid programme, int respondents = 0)
    {
        var organisation = await NewOrganisationAsync(programme);
        var started = JsonNode.Parse(await (await Admin.PostAsJsonAsync("/scans/v1/scans", new { organisationId = organisation, instrument = "team-psychological-safety", period = "2026-Q4" })).Content.ReadAsStringAsync())!;
        var scan = started["id"]!.GetValue<Guid>();
        for (var i = 0; i < respondents; i++)
        {
            using var submission = WithRespondentToken(
                new HttpRequestMessage(HttpMethod.Post, $"/scans/v1/scans/{scan}/questionnaire/submission") { Content = JsonContent.Create(new { answers = await AnswersAsync(5) }) },
                await NewTokenAsync(scan));
            Assert.Equal(HttpStatusCode.OK, (await Admin.SendAsync(submission)).StatusCode);
        }

        return (scan, await NewTokenAsync(scan));
    }

    /// <summary>A completed scan of a new member of the programme, and its result token.</summary>
    public async Task<(Guid Scan, string ResultToken)> CompletedScanAsync(Guid programme)
    {
        var (scan, _) = await NewScanAsync(programme, respondents: 3);
        var completed = await Admin.PostAsync($"/scans/v1/scans/{scan}/completion", null);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        return (scan, JsonNode.Parse(await completed.Content.ReadAsStringAsync())!["resultToken"]!.GetValue<string>());
    }

    /// <summary>A draft instrument under a key of its own (the action scan's text), as an admin uploads it.</summary>
    public static string DraftDefinition(string key)
    {
        var action = Leercultuur.Scans.Instruments.InstrumentCatalog.LoadEmbedded().Find("llo-action-scan", 1)!;
        return Leercultuur.Scans.Instruments.InstrumentStore.Serialize(action with { Key = key, Status = "draft" });
    }

    /// <summary>A new draft instrument's key, uploaded as an admin.</summary>
    public async Task<string> NewDraftAsync()
    {
        var key = $"draft-{Guid.NewGuid():N}";
        var uploaded = await Admin.PostAsync("/scans/v1/instruments", new StringContent(DraftDefinition(key), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        return key;
    }

    /// <summary>A new single-use token of a team member of the scan.</summary>
    public async Task<string> NewTokenAsync(Guid scan)
    {
        var invited = await Admin.PostAsJsonAsync($"/scans/v1/scans/{scan}/invitations", new { role = "team-member", count = 1 });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        return JsonNode.Parse(await invited.Content.ReadAsStringAsync())!["tokens"]![0]!.GetValue<string>();
    }

    /// <summary>The request with a respondent's token in its header.</summary>
    public static HttpRequestMessage WithRespondentToken(HttpRequestMessage request, string token)
    {
        request.Headers.TryAddWithoutValidation("Respondent-Token", token);
        return request;
    }

    /// <summary>Every item of the instrument answered with the same value.</summary>
    public async Task<Dictionary<string, int>> AnswersAsync(int value)
    {
        var instrument = JsonNode.Parse(await Admin.GetStringAsync("/scans/v1/instruments/team-psychological-safety/versions/1"))!;
        return instrument["items"]!.AsArray().ToDictionary(item => item!["id"]!.GetValue<string>(), _ => value);
    }

    public static async Task<Guid> IdOfAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
    }
}
