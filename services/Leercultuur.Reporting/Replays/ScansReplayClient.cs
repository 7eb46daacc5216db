using System.Net.Http.Headers;
using System.Net.Http.Json;
using Leercultuur.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Replays;

/// <summary>
/// Fills a fresh reporting database: asks the scan service (<c>POST /scans/v1/replays</c>, admin) to
/// publish its completed scans again as <c>ScanCompletedV2</c>, page after page until it says the replay
/// is complete. The messages arrive through the ordinary consumers; the inbox and the fact per
/// organisation, instrument, version, period and team make a scan reporting already holds change nothing,
/// so a replay may be repeated or resumed.
/// </summary>
public sealed class ScansReplayClient(IHttpClientFactory clients, IOptions<ReplayOptions> options, IServiceProvider services, ILogger<ScansReplayClient> logger)
{
    public const string Name = "scans-replay";

    /// <summary>How many scans the scan service queued again, over how many pages.</summary>
    public sealed record Summary(int Published, int Pages);

    /// <exception cref="InvalidOperationException">No scan service is configured, no token can be had, or it refused.</exception>
    public async Task<Summary> ReplayAllAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value;
        var baseAddress = configured.ScansBaseAddress
            ?? throw new InvalidOperationException($"No scan service to replay from: set {ReplayOptions.Section}:ScansBaseAddress.");
        var token = configured.Token ?? DevelopmentToken();
        using var http = clients.CreateClient(Name);
        // The resilience handler times each attempt and all of them; this only keeps HttpClient's own default out of the way.
        http.Timeout = configured.PageTimeout * 4;
        var endpoint = new Uri(baseAddress, "scans/v1/replays");
        Guid? after = null;
        var published = 0;
        var pages = 0;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = JsonContent.Create(new ReplayPage(after, configured.PageSize)),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await SendAsync(http, request, published, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // The status only: the answer may repeat what the request carried.
                throw new InvalidOperationException($"The scan service refused the replay page after {published} scan(s): HTTP {(int)response.StatusCode}.");
            }

            ReplayAnswer? page;
            try
            {
                page = await response.Content.ReadFromJsonAsync<ReplayAnswer>(cancellationToken);
            }
            catch (System.Text.Json.JsonException)
            {
                page = null;
            }

            if (page is null)
            {
                throw new InvalidOperationException($"The scan service answered a replay page with no replay answer after {published} scan(s): is {ReplayOptions.Section}:ScansBaseAddress the scan service?");
            }

            published += page.Published;
            pages++;
            after = page.Next;
            logger.LogInformation("Replay page {Page}: {Published} scan(s) queued again", pages, page.Published);
        }
        while (after is not null);

        return new Summary(published, pages);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, int published, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            // Refused, timed out, circuit open: the kind only (an address may say more than a log should).
            throw new InvalidOperationException($"The scan service cannot be reached ({failure.GetType().Name}) after {published} scan(s) were queued; replay again: scans reporting holds change nothing.", failure);
        }
    }

    private string DevelopmentToken()
    {
        try
        {
            return services.GetRequiredService<DevelopmentTokens>().Issue(Roles.Admin, subject: "reporting-replay", lifetime: TimeSpan.FromHours(1));
        }
        catch (InvalidOperationException)
        {
            throw new InvalidOperationException($"No token for the scan service: set {ReplayOptions.Section}:Token to an admin token of the configured authority.");
        }
    }

    private sealed record ReplayPage(Guid? After, int Limit);

    private sealed record ReplayAnswer(int Published, Guid? Next);
}
