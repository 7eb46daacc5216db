using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Leercultuur.Contracts;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.Testing;

namespace Leercultuur.Organisations.Tests;

/// <summary>An organisation's life through the API: listed, changed with its version, erased; and what a programme may see of it.</summary>
public sealed class OrganisationLifecycleTests() : SqliteServiceHost<Program>("Organisations:Database")
{
    [Fact]
    public async Task The_list_filters_on_sector_size_province_programme_and_name_and_never_loses_or_repeats_while_rows_arrive()
    {
        var programme = await CreateProgrammeAsync("Techniek");
        var techniek = ClientAs(Roles.Programme, programme);
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await RegisterAsync(Client, $"5000000{i}", name: $"Bouwbedrijf {i}", sbiCode: "4120", employees: 5, province: "Utrecht"));
        }

        await RegisterAsync(techniek, "50000100", name: "Machinefabriek", sbiCode: "2562", employees: 80, province: "Gelderland");

        // Paging while organisations are registered between pages: every one seen once, in order.
        var seen = new List<string>();
        var next = "/organisations/v1/organisations?sector=F&limit=3";
        var inserted = 0;
        while (next is not null)
        {
            var page = JsonNode.Parse(await Client.GetStringAsync(next))!;
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["kvkNumber"]!.GetValue<string>()));
            next = page["next"]?.GetValue<string>();
            if (inserted++ < 2)
            {
                await RegisterAsync(Client, $"5100000{inserted}", name: "Later", sbiCode: "4120", employees: 5, province: "Utrecht");
            }
        }

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(["50000000", "50000001", "50000002", "50000003", "50000004", "50000005", "50000006", "51000001", "51000002"], seen);

        Assert.Equal(["50000100"], await KvkNumbersAsync(Client, "?sizeClass=medium"));
        Assert.Equal(["50000100"], await KvkNumbersAsync(Client, "?province=NL-GE"));
        Assert.Equal(["50000100"], await KvkNumbersAsync(Client, "?province=Gelderland&sector=C&sbiVersion=2008"));
        Assert.Equal(["50000100"], await KvkNumbersAsync(Client, $"?programme={programme}"));
        Assert.Equal(["50000100"], await KvkNumbersAsync(Client, "?q=MACHINE"));
        Assert.Empty(await KvkNumbersAsync(Client, "?q=%25"));
        Assert.Equal(["50000100"], await KvkNumbersAsync(techniek, ""));
    }

    [Theory]
    [InlineData("?sector=Z", "sector")]
    [InlineData("?sector=CC", "sector")]
    [InlineData("?sbiVersion=2017", "sbiVersion")]
    [InlineData("?sizeClass=huge", "sizeClass")]
    [InlineData("?province=Vlaanderen", "province")]
    [InlineData("?limit=-1", "limit")]
    [InlineData("?limit=100000000000", "limit")]
    [InlineData("?cursor=bm90LWEtY3Vyc29y", "cursor")]
    [InlineData("?cursor=%27%3B%20DROP%20TABLE%20organisations%3B--", "cursor")]
    [InlineData("?q=", "q")]
    public async Task Bad_list_parameters_get_400_naming_the_parameter(string query, string parameter)
    {
        var response = await Client.GetAsync("/organisations/v1/organisations" + query);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?[parameter] is not null || problem["detail"]!.GetValue<string>().Contains($"'{parameter}'", StringComparison.Ordinal), problem.ToJsonString());
    }

    [Fact]
    public async Task A_change_needs_the_version_it_changes_and_publishes_the_new_profile()
    {
        var changed = await BusProbe.ListenAsync<OrganisationProfileChanged>(Factory.Services, "test-profile-changed");
        var id = await RegisterAsync(Client, "52000001", name: "Oud", sbiCode: "1071", employees: 12, province: "Utrecht");
        var read = await Client.GetAsync($"/organisations/v1/organisations/{id}");
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal("\"1\"", etag);

        await HttpAssert.ProblemAsync(await PatchAsync(id, """{"employees":60}""", ifMatch: null), HttpStatusCode.PreconditionRequired);
        await HttpAssert.ProblemAsync(await PatchAsync(id, """{"employees":60}""", ifMatch: "\"7\""), HttpStatusCode.PreconditionFailed);
        var patched = await PatchAsync(id, """{"name":"Nieuw","employees":60,"sbiCode":"4120","sbiVersion":2008,"province":"NL-GE"}""", etag);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("\"2\"", patched.Headers.ETag!.Tag);
        var body = JsonNode.Parse(await patched.Content.ReadAsStringAsync())!;
        Assert.Equal(("Nieuw", "medium", "F", "NL-GE"), (body["name"]!.GetValue<string>(), body["sizeClass"]!.GetValue<string>(), body["sector"]!["section"]!.GetValue<string>(), body["province"]!.GetValue<string>()));
        var message = await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((id, 2L, "F", "medium", "NL-GE"), (message.OrganisationId, message.Version, message.Sector.Section, message.SizeClass, message.Province));

        // The first version is gone: a change to it is refused.
        await HttpAssert.ProblemAsync(await PatchAsync(id, """{"employees":61}""", etag), HttpStatusCode.PreconditionFailed);
        var notModified = new HttpRequestMessage(HttpMethod.Get, $"/organisations/v1/organisations/{id}");
        notModified.Headers.TryAddWithoutValidation("If-None-Match", "\"2\"");
        Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(notModified)).StatusCode);
    }

    [Theory]
    [InlineData("""{"kvkNumber":"99999999"}""", "kvkNumber")]
    [InlineData("""{"name":null}""", "name")]
    [InlineData("""{"employees":"many"}""", "employees")]
    [InlineData("""{"employees":1e20}""", "employees")]
    [InlineData("""{"employees":0}""", "employees")]
    [InlineData("""{"sbiCode":"4120"}""", "sbiVersion")]
    [InlineData("""{"sbiCode":"0400","sbiVersion":2008}""", "sbiCode")]
    [InlineData("""{"province":"Vlaanderen"}""", "province")]
    [InlineData("""[]""", "body")]
    public async Task A_bad_patch_is_400_naming_the_member_and_changes_nothing(string patch, string member)
    {
        var id = await RegisterAsync(Client, "52000002", name: "Vast", sbiCode: "1071", employees: 12, province: "Utrecht");

        var problem = await HttpAssert.ProblemAsync(await PatchAsync(id, patch, "\"1\""), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![member]);
        var read = await Client.GetAsync($"/organisations/v1/organisations/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equal("Vast", JsonNode.Parse(await read.Content.ReadAsStringAsync())!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_programme_sees_changes_and_erases_only_its_own_members_and_another_s_are_not_found()
    {
        var a = await CreateProgrammeAsync("Programma A");
        var b = await CreateProgrammeAsync("Programma B");
        var programmeA = ClientAs(Roles.Programme, a);
        var programmeB = ClientAs(Roles.Programme, b);
        var ofA = await RegisterAsync(programmeA, "53000001");
        var ofB = await RegisterAsync(programmeB, "53000002");

        Assert.Equal(HttpStatusCode.OK, (await programmeA.GetAsync($"/organisations/v1/organisations/{ofA}")).StatusCode);
        await HttpAssert.ProblemAsync(await programmeA.GetAsync($"/organisations/v1/organisations/{ofB}"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await Patch(programmeA, ofB, """{"employees":3}""", "\"1\""), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await programmeA.DeleteAsync($"/organisations/v1/organisations/{ofB}"), HttpStatusCode.NotFound);
        Assert.Equal(["53000001"], await KvkNumbersAsync(programmeA, ""));
        Assert.Empty(await KvkNumbersAsync(programmeA, $"?programme={b}"));

        // The same KvK number again: the problem says where the existing one is only to whom may see it.
        var own = await HttpAssert.ProblemAsync(await programmeA.PostAsJsonAsync("/organisations/v1/organisations", Registration("53000001")), HttpStatusCode.Conflict);
        Assert.Equal($"/organisations/v1/organisations/{ofA}", own["existing"]!.GetValue<string>());
        var other = await HttpAssert.ProblemAsync(await programmeA.PostAsJsonAsync("/organisations/v1/organisations", Registration("53000002")), HttpStatusCode.Conflict);
        Assert.Null(other["existing"]);

        // The programme sees only itself among an organisation's programmes.
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PutAsync($"/organisations/v1/programmes/{b}/members/{ofA}", null)).StatusCode);
        var seenByA = JsonNode.Parse(await programmeA.GetStringAsync($"/organisations/v1/organisations/{ofA}"))!;
        Assert.Equal([a], seenByA["programmeIds"]!.AsArray().Select(p => p!.GetValue<Guid>()));
        Assert.Equal(2, JsonNode.Parse(await Client.GetStringAsync($"/organisations/v1/organisations/{ofA}"))!["programmeIds"]!.AsArray().Count);

        // A shares ofA with B now: A cannot learn that through the programme filter, nor take ofA from B.
        Assert.Empty(await KvkNumbersAsync(programmeA, $"?programme={b}"));
        Assert.Equal(0, JsonNode.Parse(await programmeA.GetStringAsync($"/organisations/v1/organisations?programme={b}"))!["total"]!.GetValue<long>());
        await HttpAssert.ProblemAsync(await programmeA.DeleteAsync($"/organisations/v1/organisations/{ofA}"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await programmeB.GetAsync($"/organisations/v1/organisations/{ofA}")).StatusCode);
    }

    [Fact]
    public async Task Repeating_a_membership_change_changes_nothing_and_if_match_star_matches_any_version()
    {
        var programme = await CreateProgrammeAsync("Programma herhaling");
        var id = await RegisterAsync(Client, "55000001");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PutAsync($"/organisations/v1/programmes/{programme}/members/{id}", null)).StatusCode);
        var joined = (await Client.GetAsync($"/organisations/v1/organisations/{id}")).Headers.ETag!.Tag;

        Assert.Equal(HttpStatusCode.NoContent, (await Client.PutAsync($"/organisations/v1/programmes/{programme}/members/{id}", null)).StatusCode);
        Assert.Equal(joined, (await Client.GetAsync($"/organisations/v1/organisations/{id}")).Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/organisations/v1/programmes/{programme}/members/{id}")).StatusCode);
        var left = (await Client.GetAsync($"/organisations/v1/organisations/{id}")).Headers.ETag!.Tag;
        Assert.NotEqual(joined, left);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/organisations/v1/programmes/{programme}/members/{id}")).StatusCode);
        Assert.Equal(left, (await Client.GetAsync($"/organisations/v1/organisations/{id}")).Headers.ETag!.Tag);

        var patched = await PatchAsync(id, """{"employees":13}""", "*");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
    }

    [Fact]
    public async Task Erasure_removes_the_organisation_publishes_it_once_and_is_idempotent()
    {
        var erased = await BusProbe.ListenAsync<OrganisationErased>(Factory.Services, "test-organisation-erased");
        var id = await RegisterAsync(Client, "54000001");

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/organisations/v1/organisations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/organisations/v1/organisations/{id}")).StatusCode);

        Assert.Equal(id, (await erased.Task.WaitAsync(TimeSpan.FromSeconds(30))).OrganisationId);
        await HttpAssert.ProblemAsync(await Client.GetAsync($"/organisations/v1/organisations/{id}"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await Client.DeleteAsync($"/organisations/v1/organisations/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        // The KvK number is free again: nothing of the organisation is kept but its id.
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/organisations/v1/organisations", Registration("54000001"))).StatusCode);
    }

    [Fact]
    public async Task Head_answers_what_get_answers_without_a_body()
    {
        var id = await RegisterAsync(Client, "55000001");

        var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/organisations/v1/organisations/{id}"));
        var list = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/organisations/v1/organisations"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("\"1\"", head.Headers.ETag!.Tag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    private async Task<Guid> CreateProgrammeAsync(string name)
    {
        var response = await Client.PostAsJsonAsync("/organisations/v1/programmes", new { name, sbiSections = new[] { "C", "F" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
    }

    private static async Task<Guid> RegisterAsync(HttpClient client, string kvk, string name = "Bedrijf", string sbiCode = "1071", int employees = 12, string province = "Utrecht")
    {
        var response = await client.PostAsJsonAsync("/organisations/v1/organisations", new { name, kvkNumber = kvk, sbiCode, sbiVersion = 2008, employees, province });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
    }

    private static object Registration(string kvk) => new { name = "Bedrijf", kvkNumber = kvk, sbiCode = "1071", sbiVersion = 2008, employees = 12, province = "Utrecht" };

    private static async Task<List<string>> KvkNumbersAsync(HttpClient client, string query) =>
        JsonNode.Parse(await client.GetStringAsync("/organisations/v1/organisations" + query))!["items"]!.AsArray().Select(i => i!["kvkNumber"]!.GetValue<string>()).ToList();

    private Task<HttpResponseMessage> PatchAsync(Guid id, string patch, string? ifMatch) => Patch(Client, id, patch, ifMatch);

    private static Task<HttpResponseMessage> Patch(HttpClient client, Guid id, string patch, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/organisations/v1/organisations/{id}")
        {
            Content = new StringContent(patch, Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }
}
