using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Observations;

namespace Leercultuur.Reporting.Tests.Observations;

public sealed class ReleaseMemberTests
{
    [Fact]
    public void A_member_without_roles_keeps_the_fingerprint_releases_recorded_before_roles_were_kept_and_roles_change_it()
    {
        var programme = Guid.Parse("0b5e7c1a-1111-4222-8333-944455556666");
        var member = new ReleaseMember(
            Guid.NewGuid(), "C", "small", "NL-UT", 5,
            new Dictionary<string, double> { ["b"] = 4.5, ["a"] = 3.25 },
            new Dictionary<string, double> { ["b"] = 58.3, ["a"] = 37.5 },
            [programme]);

        // The text a release hashed before migration 0007: a revision compares against fingerprints recorded then.
        var recorded = JsonSerializer.Serialize(new
        {
            Respondents = 5,
            Means = new Dictionary<string, double> { ["a"] = 3.25, ["b"] = 4.5 }.ToList(),
            Scores100 = new Dictionary<string, double> { ["a"] = 37.5, ["b"] = 58.3 }.ToList(),
            Programmes = new List<Guid> { programme },
        });
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(recorded))), member.Fingerprint);

        var withRole = member with { Roles = new Dictionary<string, RoleFigures> { ["manager"] = new() { Respondents = 3, Means = new() { ["a"] = 3.5 } } } };
        Assert.NotEqual(member.Fingerprint, withRole.Fingerprint);
    }
}
