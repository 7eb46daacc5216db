using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Leercultuur.Testing.Contract;

/// <summary>
/// Checks every answer a test client gets against the API's own OpenAPI document: the status must be
/// one the operation lists and the body must match its schema. A mismatch fails the test at that call,
/// so the document and the server cannot drift apart while the API tests pass.
/// </summary>
public sealed class ContractCheckingHandler : DelegatingHandler
{
    private static readonly string[] Apis = ["organisations", "scans", "reporting"];

    // Per host (base address) and API: one document, read once from the host itself. Shared by every
    // client of one host when the host hands it out: reading and compiling the documents costs far more
    // than the requests most clients make.
    private readonly ConcurrentDictionary<string, Task<OpenApiContract?>> contracts;

    public ContractCheckingHandler()
        : this(new ConcurrentDictionary<string, Task<OpenApiContract?>>())
    {
    }

    /// <param name="contracts">The documents of one host, shared by all its clients' handlers.</param>
    internal ContractCheckingHandler(ConcurrentDictionary<string, Task<OpenApiContract?>> contracts)
    {
        this.contracts = contracts;
    }

    public ContractCheckingHandler(HttpMessageHandler inner)
        : base(inner)
    {
        contracts = new();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var uri = request.RequestUri!;
        var path = uri.AbsolutePath;
        var api = Apis.FirstOrDefault(a => path.StartsWith($"/{a}/v1/", StringComparison.Ordinal));
        if (api is null || path.EndsWith("/openapi.json", StringComparison.Ordinal))
        {
            return response;
        }

        var key = $"{uri.GetLeftPart(UriPartial.Authority)}/{api}";
        var loading = contracts.GetOrAdd(key, _ => LoadAsync(uri, api));
        OpenApiContract? contract;
        try
        {
            contract = await loading;
        }
        catch
        {
            // Not kept: a load that failed once (the host was still starting) is tried again by the next request.
            contracts.TryRemove(KeyValuePair.Create(key, loading));
            throw;
        }

        if (contract is null)
        {
            // Not kept either: the document may answer later (a refused or rate-limited read), and a host
            // without this API answers the same again.
            contracts.TryRemove(KeyValuePair.Create(key, loading));
            return response;
        }

        // Buffered, so the test still reads the body after this.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await BodyAsync(response.Content, cancellationToken);
        var problems = contract.Check(request.Method.Method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        if (problems.Count > 0)
        {
            throw new ContractViolationException(string.Join("\n", problems));
        }

        return response;
    }

    // A gzip answer (the client asked for it) is checked as what it decodes to; the test still reads it as sent.
    private static async Task<string> BodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (!content.Headers.ContentEncoding.Contains("gzip", StringComparer.OrdinalIgnoreCase))
        {
            return await content.ReadAsStringAsync(cancellationToken);
        }

        await using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(await content.ReadAsByteArrayAsync(cancellationToken)), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private async Task<OpenApiContract?> LoadAsync(Uri any, string api)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(any, $"/{api}/v1/openapi.json"));
        using var response = await base.SendAsync(request, CancellationToken.None);
        if (!response.IsSuccessStatusCode)
        {
            // This host does not serve that API (a single service's host serves its own only).
            return null;
        }

        return new OpenApiContract(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}

public sealed class ContractViolationException(string message) : Exception($"The answer breaks the OpenAPI document:\n{message}");
