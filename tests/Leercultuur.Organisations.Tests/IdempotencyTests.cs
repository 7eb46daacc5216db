using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.Testing;

namespace Leercultuur.Organisations.Tests;

/// <summary>Idempotency-Key on POST: a repeat gets the first answer again and changes nothing.</summary>
public sealed class IdempotencyTests() : SqliteServiceHost<Program>("Organisations:Database")
{
    private const string Body = """{"name":"Eenmalig BV","kvkNumber":"56000001","sbiCode":"1071","sbiVersion":2008,"employees":12,"province":"Utrecht"}""";

    [Fact]
    public async Task The_same_key_and_body_get_the_first_answer_again_and_register_once()
    {
        var first = await PostAsync(Client, Body, "registratie-1");
        var again = await PostAsync(Client, Body, "registratie-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountAsync());

        // Without the key, the same body is a second registration of the same number: a conflict.
        await HttpAssert.ProblemAsync(await PostAsync(Client, Body, key: null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_erasure_replaces_the_kept_answer_by_a_410_so_a_repeat_neither_hands_out_nor_recreates_the_erased_organisation()
    {
        var first = await PostAsync(Client, Body.Replace("56000001", "56000009", StringComparison.Ordinal), "registratie-9");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync(first.Headers.Location)).StatusCode);

        // The kept answer held the name and KvK number; after the erasure a retry gets a 410 that holds
        // neither, and registers nothing again.
        var again = await HttpAssert.ProblemAsync(await PostAsync(Client, Body.Replace("56000001", "56000009", StringComparison.Ordinal), "registratie-9"), HttpStatusCode.Gone);

        Assert.DoesNotContain("56000009", again.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Eenmalig", again.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_changes_nothing()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Client, Body, "registratie-2")).StatusCode);

        await HttpAssert.ProblemAsync(await PostAsync(Client, Body.Replace("56000001", "56000002", StringComparison.Ordinal), "registratie-2"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task An_invalid_request_does_not_use_up_its_key_and_keys_of_two_callers_never_meet()
    {
        // Validation refuses before anything is carried out (as Stripe does): the corrected body may use the key.
        var invalid = Body.Replace("\"employees\":12", "\"employees\":0", StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(await PostAsync(Client, invalid, "registratie-3"), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Client, Body.Replace("56000001", "56000003", StringComparison.Ordinal), "registratie-3")).StatusCode);

        var programme = JsonNode.Parse(await (await Client.PostAsync("/organisations/v1/programmes", new StringContent("""{"name":"Sleutels","sbiSections":["C"]}""", Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Client, Body, "gedeelde-sleutel")).StatusCode);
        var other = await PostAsync(ClientAs(Roles.Programme, programme), Body.Replace("56000001", "56000009", StringComparison.Ordinal), "gedeelde-sleutel");
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(3, await CountAsync());
    }

    [Theory]
    [InlineData("met spatie")]
    [InlineData("een-sleutel-van-meer-dan-tweehonderd-tekens-een-sleutel-van-meer-dan-tweehonderd-tekens-een-sleutel-van-meer-dan-tweehonderd-tekens-een-sleutel-van-meer-dan-tweehonderd-tekens-een-sleutel-van-meer-dan-tweehonderd-tekens")]
    [InlineData("sleutel-é")]
    public async Task A_malformed_key_is_400_naming_the_header(string key)
    {
        var problem = await HttpAssert.ProblemAsync(await PostAsync(Client, Body, key), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["Idempotency-Key"]);
        Assert.Equal(0, await CountAsync());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/organisations/v1/organisations") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    private async Task<int> CountAsync() =>
        JsonNode.Parse(await Client.GetStringAsync("/organisations/v1/organisations?limit=100"))!["total"]!.GetValue<int>();
}
