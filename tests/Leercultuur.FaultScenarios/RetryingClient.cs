using System.Net;

namespace Leercultuur.FaultScenarios;

/// <summary>
/// A well-behaved API client, as integrators are told to write one: a 503 is waited out as its
/// <c>Retry-After</c> says and the request sent again; every other answer is the caller's to judge.
/// </summary>
internal static class RetryingClient
{
    public static HttpClient For(Uri baseAddress) => new(new RetryHandler { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = baseAddress };

    private sealed class RetryHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var contentType = request.Content?.Headers.ContentType;
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (true)
            {
                using var attempt = new HttpRequestMessage(request.Method, request.RequestUri);
                foreach (var header in request.Headers)
                {
                    attempt.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                if (body is not null)
                {
                    attempt.Content = new ByteArrayContent(body);
                    attempt.Content.Headers.ContentType = contentType;
                }

                var response = await base.SendAsync(attempt, cancellationToken);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
                {
                    return response;
                }

                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
