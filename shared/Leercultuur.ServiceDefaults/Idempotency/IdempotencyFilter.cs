using System.Security.Cryptography;
using System.Text;
using Leercultuur.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Leercultuur.ServiceDefaults.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on a POST: the first request with a key is carried out and its answer kept;
/// a repeat with the same key and the same body gets that answer again (status, Location and body), and
/// changes nothing; the same key with another body is a 422. A key is the caller's own: keys of two
/// callers never meet. Only a 2xx answer is kept: a request that is refused (4xx) or fails (5xx) leaves
/// its key free to try again.
/// </summary>
public sealed class IdempotencyFilter<TOwner>(IdempotencyStore<TOwner> store) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values))
        {
            return await next(context);
        }

        var value = values.ToString();
        if (values.Count != 1 || value.Length is < 1 or > MaxKeyLength || value.Any(c => c is < '!' or > '~'))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [Header] = [$"An Idempotency-Key is 1 to {MaxKeyLength} visible ASCII characters, sent once."] },
                title: "The request is not valid");
        }

        var key = new IdempotencyKey(
            http.User.FindFirst("sub")?.Value ?? "anonymous",
            http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? http.Request.Path,
            value);
        var stored = await store.ClaimAsync(key, await HashAsync(http.Request), http.RequestAborted);
        if (stored is null)
        {
            try
            {
                return new RecordingResult(await next(context), key, store);
            }
            catch
            {
                await store.ReleaseAsync(key);
                throw;
            }
        }

        if (stored.RequestHash != await HashAsync(http.Request))
        {
            return Problems.Unprocessable("This Idempotency-Key was used with another request body; a new request needs a new key.");
        }

        if (stored.StatusCode is not { } status)
        {
            return Problems.Conflict("The first request with this Idempotency-Key is still being answered; ask again in a moment.");
        }

        return new ReplayedResult(status, stored.Location, stored.ContentType, stored.Body ?? "");
    }

    // The method, the path and the body: one key stands for one request.
    private static async Task<string> HashAsync(HttpRequest request)
    {
        request.Body.Position = 0;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        request.Body.Position = 0;
        var identity = Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n");
        return Convert.ToHexString(SHA256.HashData([.. identity, .. buffer.ToArray()]));
    }

    /// <summary>Runs the answer into a buffer, keeps it for repeats (unless the server failed), then sends it.</summary>
    private sealed class RecordingResult(object? inner, IdempotencyKey key, IdempotencyStore<TOwner> store) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var original = response.Body;
            using var buffer = new MemoryStream();
            response.Body = buffer;
            try
            {
                await (inner as IResult ?? TypedResults.Ok(inner)).ExecuteAsync(httpContext);
            }
            catch
            {
                response.Body = original;
                await store.ReleaseAsync(key);
                throw;
            }

            response.Body = original;
            if (response.StatusCode is < 200 or >= 300)
            {
                // Only what was done is kept: a refusal (a body to correct, an organisation that has not
                // arrived yet) or a failure leaves the key free, so the corrected or later request can use it.
                await store.ReleaseAsync(key);
            }
            else
            {
                await store.CompleteAsync(key, response.StatusCode, response.Headers.Location, response.ContentType, Encoding.UTF8.GetString(buffer.ToArray()));
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(original, httpContext.RequestAborted);
        }
    }

    private sealed class ReplayedResult(int status, string? location, string? contentType, string body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }

            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (contentType is not null)
            {
                httpContext.Response.ContentType = contentType;
            }

            await httpContext.Response.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
