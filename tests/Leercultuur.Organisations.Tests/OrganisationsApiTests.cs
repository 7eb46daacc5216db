using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leercultuur.Contracts;
using Leercultuur.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Organisations.Tests;

/// <summary>The organisation API through a real host on a real SQLite file, with the in-memory bus.</summary>
public sealed class OrganisationsApiTests() : SqliteServiceHost<Program>("Organisations:Database")
{
    [Fact]
    public async Task Registering_returns_201_with_location_and_derived_sector_and_size()
    {
        var response = await Client.PostAsJsonAsync("/organisations/v1/organisations", Valid("12345678"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var id = body["id"]!.GetValue<Guid>();
        Assert.Equal($"/organisations/v1/organisations/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("C", body["sector"]!["section"]!.GetValue<string>());
        Assert.Equal("Industrie", body["sector"]!["sectionName"]!.GetValue<string>());
        Assert.Equal(2008, body["sector"]!["sbiVersion"]!.GetValue<int>());
        Assert.Equal("small", body["sizeClass"]!.GetValue<string>());
        Assert.Equal("NL-UT", body["province"]!.GetValue<string>());

        var fetched = JsonNode.Parse(await Client.GetStringAsync(response.Headers.Location))!;
        Assert.Equal(id, fetched["id"]!.GetValue<Guid>());
        Assert.Equal("12345678", fetched["kvkNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task Registering_publishes_OrganisationRegistered_through_the_outbox()
    {
        var received = await BusProbe.ListenAsync<OrganisationRegistered>(Factory.Services, "test-organisation-registered");

        var response = await Client.PostAsJsonAsync("/organisations/v1/organisations", Valid("23456789"));
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();

        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(id, message.OrganisationId);
        Assert.Equal("C", message.Sector.Section);
        Assert.Equal("small", message.SizeClass);
        Assert.Equal("NL-UT", message.Province);
    }

    [Fact]
    public async Task A_second_registration_of_the_same_KvK_number_is_a_conflict()
    {
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/organisations/v1/organisations", Valid("34567890"))).StatusCode);

        var again = await Client.PostAsJsonAsync("/organisations/v1/organisations", Valid("34567890") with { Name = "Other" });

        await HttpAssert.ProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Equal(1, await CountAsync());
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"kvkNumber":"12345678","sbiCode":"1071","sbiVersion":2008,"employees":12,"province":"Utrecht"}""", "name" },
        { """{"name":"  ","kvkNumber":"12345678","sbiCode":"1071","sbiVersion":2008,"employees":12,"province":"Utrecht"}""", "name" },
        { """{"name":"A","kvkNumber":"1234567","sbiCode":"1071","sbiVersion":2008,"employees":12,"province":"Utrecht"}""", "kvkNumber" },
        { """{"name":"A","kvkNumber":"1234567a","sbiCode":"1071","sbiVersion":2008,"employees":12,"province":"Utrecht"}""", "kvkNumber" },
        { """{"name":"A","kvkNumber":"１２３４５６７８","sbiCode":"1071","sbiVersion":2008,"employees":12,"province":"Utrecht"}""", "kvkNumber" },
        { """{"name":"A","kvkNumber":"١٢٣٤٥٦٧٨","sbiCode":"1071","sbiVersion":2008,"employees":12,"province":"Utrecht"}""", "kvkNumber" },
        { """{"name":"A","kvkNumber":"12345678\n","sbiCode":"1071","sbiVersion":2008,"employees":12,"province":"Utrecht"}""", "kvkNumber" },
        { """{"name":"A","kvkNumber":"12345678","sbiCode":"١٠٧١","sbiVersion":2008,"employees":12,"province":"Utrecht"}""", "sbiCode" },
        { """{"name":"A","kvkNumber":"12345678","sbiCode":"0400","sbiVersion":2008,"employees":12,"province":"Utrecht"}""", "sbiCode" },
        { """{"name":"A","kvkNumber":"12345678","sbiCode":"1071","sbiVersion":2017,"employees":12,"province":"Utrecht"}""", "sbiCode" },
        { """{"name":"A","kvkNumber":"12345678","sbiCode":"1071","employees":12,"province":"Utrecht"}""", "sbiVersion" },
        { """{"name":"A","kvkNumber":"12345678","sbiCode":"1071","sbiVersion":2008,"employees":0,"province":"Utrecht"}""", "employees" },
        { """{"name":"A","kvkNumber":"12345678","sbiCode":"1071","sbiVersion":2008,"employees":-3,"province":"Utrecht"}""", "employees" },
        { """{"name":"A","kvkNumber":"12345678","sbiCode":"1071","sbiVersion":2008,"employees":12,"province":"Vlaanderen"}""", "province" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_fields_get_400_naming_the_field_and_store_nothing(string json, string field)
    {
        var response = await Client.PostAsync("/organisations/v1/organisations", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(0, await CountAsync());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"name":"A","kvkNumber":"12345678","sbiCode":"1071","sbiVersion":"2008x","employees":12,"province":"Utrecht"}""")]
    [InlineData("""{"name":"A","kvkNumber":12345678,"sbiCode":"1071","sbiVersion":2008,"employees":12,"province":"Utrecht"}""")]
    [InlineData("""{"name":"A","kvkNumber":"12345678","sbiCode":"1071","sbiVersion":2008,"employees":12.5,"province":"Utrecht"}""")]
    [InlineData("""{"name":"A","kvkNumber":"12345678","sbiCode":"1071","sbiVersion":2008,"employees":12,"province":"Utrecht","ceo":"x"}""")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("null")]
    public async Task Unreadable_bodies_get_400_problem_details_and_store_nothing(string body)
    {
        var response = await Client.PostAsync("/organisations/v1/organisations", new StringContent(body, Encoding.UTF8, "application/json"));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task A_wrong_content_type_is_refused_with_a_problem()
    {
        var response = await Client.PostAsync("/organisations/v1/organisations", new StringContent("name=A", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413()
    {
        var huge = JsonSerializer.Serialize(Valid("12345678") with { Name = new string('a', 100_000) });

        var response = await Client.PostAsync("/organisations/v1/organisations", new StringContent(huge, Encoding.UTF8, "application/json"));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task An_unknown_organisation_is_404_problem_details() =>
        await HttpAssert.ProblemAsync(await Client.GetAsync($"/organisations/v1/organisations/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

    [Fact]
    public async Task Listing_pages_in_registration_order_with_an_explicit_limit_and_a_next_link()
    {
        foreach (var kvk in new[] { "40000001", "40000002", "40000003" })
        {
            Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/organisations/v1/organisations", Valid(kvk))).StatusCode);
        }

        var first = JsonNode.Parse(await Client.GetStringAsync("/organisations/v1/organisations?limit=2"))!;
        Assert.Equal(["40000001", "40000002"], first["items"]!.AsArray().Select(i => i!["kvkNumber"]!.GetValue<string>()));
        Assert.Equal(3, first["total"]!.GetValue<int>());
        var second = JsonNode.Parse(await Client.GetStringAsync(first["next"]!.GetValue<string>()))!;
        Assert.Equal(["40000003"], second["items"]!.AsArray().Select(i => i!["kvkNumber"]!.GetValue<string>()));
        Assert.Null(second["next"]);

        await HttpAssert.ProblemAsync(await Client.GetAsync("/organisations/v1/organisations?limit=101"), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await Client.GetAsync("/organisations/v1/organisations?limit=0"), HttpStatusCode.BadRequest);
        var notANumber = await HttpAssert.ProblemAsync(await Client.GetAsync("/organisations/v1/organisations?limit=abc"), HttpStatusCode.BadRequest);
        Assert.Equal("The parameter 'limit' does not have the expected format.", notANumber["detail"]!.GetValue<string>());
        await HttpAssert.ProblemAsync(await Client.GetAsync("/organisations/v1/organisations?limit=%D9%A2"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/organisations/v1/organisations/" + "00000000-0000-0000-0000-000000000001")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/organisations/v1/openapi.json")]
    [InlineData("/does-not-exist")]
    public async Task Every_response_carries_the_API_version_header(string path)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal("1.0.0", Assert.Single(response.Headers.GetValues("API-Version")));
    }

    [Fact]
    public async Task The_OpenAPI_document_is_3_0_and_lists_this_API_only()
    {
        var document = JsonNode.Parse(await Client.GetStringAsync("/organisations/v1/openapi.json"))!;

        Assert.StartsWith("3.0", document["openapi"]!.GetValue<string>());
        Assert.Equal("1.0.0", document["info"]!["version"]!.GetValue<string>());
        // The API's own base with its major version is the server; paths are relative to it.
        Assert.Equal("/organisations/v1", Assert.Single(document["servers"]!.AsArray())!["url"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/organisations", paths);
        Assert.Contains("/organisations/{id}", paths);
        Assert.Contains("/programmes/{id}/members", paths);
        Assert.Contains("/code-lists/provinces", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/organisations/v1", StringComparison.Ordinal) || p.EndsWith('/'));
        Assert.Equal("Leercultuur Services", document["info"]!["contact"]!["name"]!.GetValue<string>());
        var responses = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject())
            .SelectMany(operation => operation.Value!["responses"]!.AsObject())
            .ToList();
        Assert.NotEmpty(responses);
        Assert.All(responses, response => Assert.NotNull(response.Value!["headers"]?["API-Version"]));
        Assert.Contains(responses, response => response.Key == "400" && response.Value!["content"]?["application/problem+json"] is not null);

        // Every operation can answer 503 while the database is out of reach, and says when to retry.
        var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()).ToList();
        Assert.All(operations, operation =>
        {
            var unavailable = operation.Value!["responses"]!["503"];
            Assert.NotNull(unavailable?["content"]?["application/problem+json"]);
            Assert.NotNull(unavailable!["headers"]?["Retry-After"]);
        });
    }

    [Fact]
    public async Task Readiness_checks_the_database_and_the_bus()
    {
        var response = await Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        Assert.Equal(
            ["bus", "organisations-database"],
            report["checks"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    private static RegisterRequest Valid(string kvk) => new("Bakkerij De Korenschoof", kvk, "1071", 2008, 12, "Utrecht");

    private async Task<int> CountAsync()
    {
        var page = JsonNode.Parse(await Client.GetStringAsync("/organisations/v1/organisations?limit=100"))!;
        return page["items"]!.AsArray().Count;
    }

    private sealed record RegisterRequest(string Name, string KvkNumber, string SbiCode, int SbiVersion, int Employees, string Province);
}
