using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Leercultuur.Testing;

/// <summary>What an API client (a branch programme) does, over HTTP only.</summary>
public sealed class ApiClient
{
    private readonly HttpClient organisations;
    private readonly HttpClient scans;
    private readonly HttpClient reporting;

    /// <summary>Calls as an admin where a token is needed, unless a client already carries one.</summary>
    public ApiClient(HttpClient organisations, HttpClient scans, HttpClient reporting)
    {
        this.organisations = WithToken(organisations);
        this.scans = WithToken(scans);
        this.reporting = reporting;
    }

    public const string Instrument = "team-psychological-safety";

    public async Task<Guid> RegisterAsync(string kvkNumber, string sbiCode = "2562")
    {
        var response = await organisations.PostAsJsonAsync("/organisations/v1/organisations", new
        {
            name = $"E2E {kvkNumber}",
            kvkNumber,
            sbiCode,
            sbiVersion = 2008,
            employees = 30,
            province = "Gelderland",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
    }

    /// <summary>Starts a scan, retrying while the organisation has not yet reached the scan service.</summary>
    public async Task<Guid> StartScanAsync(Guid organisationId, string period, string? team = null)
    {
        var response = await Eventually.Until(
            () => scans.PostAsJsonAsync("/scans/v1/scans", new { organisationId, instrument = Instrument, period, team }),
            r => r.StatusCode != HttpStatusCode.UnprocessableEntity,
            TimeSpan.FromSeconds(60),
            "the organisation to reach the scan service");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
    }

    /// <summary>Single-use tokens for the scan's team members.</summary>
    public async Task<IReadOnlyList<string>> InviteAsync(Guid scanId, int count, string role = "team-member")
    {
        var response = await scans.PostAsJsonAsync($"/scans/v1/scans/{scanId}/invitations", new { role, count });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["tokens"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
    }

    /// <summary>One team member submits every item at <paramref name="value"/> after reversal.</summary>
    public async Task RespondAsync(Guid scanId, string token, int value)
    {
        var answers = Enumerable.Range(1, 7).ToDictionary(i => $"ps{i}", i => i is 1 or 3 or 5 ? 8 - value : value);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/scans/v1/scans/{scanId}/questionnaire/submission") { Content = JsonContent.Create(new { answers }) };
        request.Headers.Add("Respondent-Token", token);
        var response = await scans.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Completes the scan; returns the result token.</summary>
    public async Task<string> CompleteAsync(Guid scanId, string? traceParent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/scans/v1/scans/{scanId}/completion");
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }

        var response = await scans.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["resultToken"]!.GetValue<string>();
    }

    /// <summary>A scan of one organisation whose three respondents answer (after reversal) the given values.</summary>
    public async Task<Guid> ScanAsync(Guid organisationId, string period, int[] values, string? traceParent = null, string? team = null)
    {
        var scanId = await StartScanAsync(organisationId, period, team);
        var tokens = await InviteAsync(scanId, values.Length);
        foreach (var (value, token) in values.Zip(tokens))
        {
            await RespondAsync(scanId, token, value);
        }

        await CompleteAsync(scanId, traceParent);
        return scanId;
    }

    public async Task WithdrawAsync(Guid scanId)
    {
        var response = await scans.PostAsync($"/scans/v1/scans/{scanId}/withdrawal", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task<JsonArray> IndicatorsAsync(string period, string groupBy) =>
        JsonNode.Parse(await reporting.GetStringAsync($"/reporting/v1/indicators?instrument={Instrument}&period={period}&groupBy={groupBy}"))!["cells"]!.AsArray();

    public async Task<JsonNode?> CellAsync(string period, string section, Func<JsonNode?, bool> done) =>
        await Eventually.Until(
            async () => (await IndicatorsAsync(period, "sector")).SingleOrDefault(c => c!["sector"]!["section"]!.GetValue<string>() == section),
            done,
            TimeSpan.FromSeconds(60),
            $"the {section} cell of {period}");

    private static HttpClient WithToken(HttpClient client)
    {
        if (client is not null && client.DefaultRequestHeaders.Authorization is null)
        {
            client.As(ServiceDefaults.Security.Roles.Admin);
        }

        return client!;
    }
}
