using System.Net.Http.Headers;
using System.Text;

namespace Leercultuur.Testing;

/// <summary>
/// A RabbitMQ virtual host of one test, created and deleted through the management API, so tests on the
/// one real broker never see each other's exchanges, queues or messages.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    private readonly HttpClient http;

    private RabbitMqVirtualHost(HttpClient http, string name)
    {
        this.http = http;
        Name = name;
    }

    public string Name { get; }

    public static async Task<RabbitMqVirtualHost> CreateAsync()
    {
        var http = new HttpClient { BaseAddress = TestEnvironment.RabbitMqManagementUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RabbitMqUsername}:{TestEnvironment.RabbitMqPassword}")));
        var name = $"lc-test-{Guid.NewGuid():N}";
        (await http.PutAsync($"api/vhosts/{name}", Json("{}"))).EnsureSuccessStatusCode();
        (await http.PutAsync($"api/permissions/{name}/{TestEnvironment.RabbitMqUsername}", Json("""{"configure":".*","write":".*","read":".*"}"""))).EnsureSuccessStatusCode();
        return new RabbitMqVirtualHost(http, name);
    }

    /// <summary>Configuration keys for a host's <c>Messaging</c> section on this virtual host.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Messaging:Transport", "RabbitMq"),
        new("Messaging:RabbitMq:Host", TestEnvironment.RabbitMqHost),
        new("Messaging:RabbitMq:VirtualHost", Name),
        new("Messaging:RabbitMq:Username", TestEnvironment.RabbitMqUsername),
        new("Messaging:RabbitMq:Password", TestEnvironment.RabbitMqPassword),
    ];

    /// <summary>Arguments of a queue as the broker reports them (for example x-queue-type).</summary>
    public async Task<string> QueueJsonAsync(string queue) =>
        await http.GetStringAsync($"api/queues/{Name}/{queue}");

    /// <summary>Messages ready in a queue, 0 while the queue does not exist (error queues appear with their first message).</summary>
    public async Task<int> MessagesInAsync(string queue)
    {
        var response = await http.GetAsync($"api/queues/{Name}/{queue}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return 0;
        }

        response.EnsureSuccessStatusCode();
        var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return json["messages"]?.GetValue<int>() ?? 0;
    }

    /// <summary>The prefetch count each consumer of this virtual host has on the broker, by queue.</summary>
    public async Task<Dictionary<string, int>> PrefetchByQueueAsync()
    {
        var consumers = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"api/consumers/{Name}"))!.AsArray();
        return consumers.ToDictionary(c => c!["queue"]!["name"]!.GetValue<string>(), c => c!["prefetch_count"]!.GetValue<int>());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await http.DeleteAsync($"api/vhosts/{Name}");
        }
        finally
        {
            http.Dispose();
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
