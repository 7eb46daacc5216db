using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Leercultuur.Reporting.Indicators;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Leercultuur.Reporting.Observations;

/// <summary>
/// The monitor as statistics users know it: observations in long format (one row per cell) for any
/// grouping, filter and period range, as JSON or CSV, trends, code lists, and the release operations.
/// Everything shown comes from released observations under one suppression pattern per table family.
/// </summary>
public static class ObservationsApi
{
    public static IEndpointRouteBuilder MapObservations(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        var open = endpoints.ServiceProvider.GetRequiredService<IOptions<ReportingAccessOptions>>().Value.PublicIndicators;
        var observations = endpoints.MapApiGroup(api, "observations", "Observations")
            .MapMethods("", ["GET", "HEAD"], Observations)
            .WithName("QueryObservations")
            .WithSummary("Observations in long format: one row per cell (instrument version, dimension, period, sector, size class, province, programme) with its status and, when published, organisations, respondents, mean, standard deviation, 95% interval, median and quartiles. Every combination of the requested codes is listed; a cell without figures is suppressed or provisional. As JSON, or CSV with Accept: text/csv or format=csv.")
            .WithDescription("Programme rows (groupBy programme) need a token: a programme's own, or an analyst's. updatedAfter gives only rows changed since that moment, including those that became suppressed. At most 10000 rows: a larger table is asked for in parts.")
            .WithAlternateRepresentation("text/csv")
            .WithEntityTag()
            .Produces<ObservationsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        var trends = endpoints.MapApiGroup(api, "trends", "Observations")
            .MapMethods("", ["GET", "HEAD"], Trends)
            .WithName("QueryTrends")
            .WithSummary("One dimension over periods, one series per group, each point marked where the instrument versions it pools changed.")
            .WithEntityTag()
            .Produces<TrendsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        var codeLists = endpoints.MapApiGroup(api, "code-lists", "Observations")
            .MapMethods("{dimension}", ["GET", "HEAD"], CodeList)
            .WithName("GetCodeList")
            .WithSummary("The codes of a grouping dimension (sector, sizeClass, province) with labels and the total code _T; sector per SBI version, with the correspondence's source.")
            .WithEntityTag()
            .Produces<CodeListResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var endpoint in new[] { observations, trends, codeLists })
        {
            if (open)
            {
                endpoint.AllowAnonymous();
            }
            else
            {
                endpoint.RequireAuthorization(Capabilities.IndicatorsReadNational);
            }
        }

        if (open)
        {
            foreach (var endpoint in new[] { observations, trends })
            {
                endpoint.WithOptionalToken(Capabilities.IndicatorsReadProgramme, "programme rows")
                    .ProducesProblem(StatusCodes.Status401Unauthorized)
                    .ProducesProblem(StatusCodes.Status403Forbidden);
            }
        }

        endpoints.MapApiGroup(api, "releases", "Releases")
            .MapPost("", Release)
            .WithName("ReleasePeriods")
            .WithSummary("Release now every period whose facts changed and that is over (and past the grace, unless ignoreGrace): the release job's pass, on demand. Answers per period: released, unchanged or held (with why).")
            .Accepts<ReleaseRequest>("application/json")
            .RequireAuthorization(Capabilities.Operate)
            .Produces<ReleasesResponse>()
            .ProducesValidationProblem();
        endpoints.MapApiGroup(api, "rebuilds", "Releases")
            .MapPost("", Rebuild)
            .WithName("RebuildObservations")
            .WithSummary("Recompute every period that may be released from the facts and switch them all in one transaction (the old observations answer until then; a failure leaves them in force); unchanged facts give unchanged observations.")
            .RequireAuthorization(Capabilities.Operate)
            .Produces<ReleasesResponse>();
        return endpoints;
    }

    private static async Task<IResult> Observations(
        ObservationReader reader,
        AnswerCache answers,
        IOptions<DisclosureOptions> disclosure,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        IAuthorizationService authorization,
        Caller caller,
        HttpContext context,
        CancellationToken cancellationToken,
        [Required, RegularExpression(IndicatorsApi.InstrumentKeyPattern), Description("Instrument key, for example team-psychological-safety.")] string? instrument = null,
        [RegularExpression(ObservationQuery.DimensionListPattern), Description("Dimension keys, comma-separated; none gives every dimension.")] string? dimension = null,
        [RegularExpression(ObservationQuery.RoleListPattern), Description("Respondent roles (the instrument's role keys), or _T for all respondents (the default), comma-separated, up to 20.")] string? role = null,
        [RegularExpression(ObservationQueryPatterns.GroupBy), Description("Up to four of sector, sizeClass, province and programme, comma-separated, each once; none gives the national total.")] string? groupBy = null,
        [RegularExpression(ObservationQuery.SectorListPattern), Description("Sections of the SBI view (sbiVersion), or _T for the total over sectors; needs sector in groupBy.")] string? sector = null,
        [RegularExpression(ObservationQuery.SizeClassListPattern), Description("Size classes, or _T; needs sizeClass in groupBy.")] string? sizeClass = null,
        [RegularExpression(ObservationQuery.ProvinceListPattern), Description("Province codes, or _T; needs province in groupBy.")] string? province = null,
        [RegularExpression(ObservationQuery.ProgrammeListPattern), Description("Programme ids, up to 50; needs programme in groupBy and a token.")] string? programme = null,
        [Range(2008, 2025), AllowedList(typeof(ObservationsApi), nameof(SbiVersions)), Description("The SBI view of sector: 2025 (default) or 2008.")] int? sbiVersion = null,
        [RegularExpression(Contracts.Period.SchemaPattern), Description("First period: a quarter (2026-Q1) or a year (2026), as endPeriod.")] string? startPeriod = null,
        [RegularExpression(Contracts.Period.SchemaPattern), Description("Last period; at most 40 periods in a range.")] string? endPeriod = null,
        [Description("Only rows changed after this moment (RFC 3339).")] DateTimeOffset? updatedAfter = null,
        [AllowedList(typeof(ObservationsApi), nameof(Formats)), Description("csv or json; otherwise the Accept header decides.")] string? format = null)
    {
        var errors = new ValidationErrors();
        var query = ObservationQuery.Parse(errors, instrument, dimension, role, groupBy, sector, sizeClass, province, programme, sbiVersion, startPeriod, endPeriod, updatedAfter);
        errors.Require(format is null or "csv" or "json", "format", "format is csv or json.");
        if (query is null || !errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid");
        }

        var families = await FamiliesAsync(query, reader, authorization, caller, context, cancellationToken);
        if (families.Problem is { } problem)
        {
            return problem;
        }

        // The answer as it was laid out for the same request and the same releases, if it was.
        var csv = format == "csv" || (format is null && WantsCsv(context));
        var key = AnswerCache.Key("observations", await answers.StateAsync(query.Instrument, cancellationToken), context.Request, csv, families.Programmes);
        if (answers.Find(key) is { } known)
        {
            context.Response.Headers.Append(HeaderNames.Vary, "Accept");
            context.Response.Headers.CacheControl = Caching(query, context);
            return Tagged(context, known);
        }

        var result = await reader.ReadAsync(query, families.Programmes, cancellationToken);
        if (result.TooMany)
        {
            return TooMany(result.Count);
        }

        var rows = result.Rows.Select(r => ToObservation(r, query.UpdatedAfter is not null, result.Series, result.VersionsOf(r))).ToList();
        context.Response.Headers.Append(HeaderNames.Vary, "Accept");
        context.Response.Headers.CacheControl = Caching(query, context);
        if (csv)
        {
            var text = Csv(rows);
            return Tagged(context, answers.Keep(key, Encoding.UTF8.GetBytes(text), "text/csv; charset=utf-8"));
        }

        var response = new ObservationsResponse(query.Instrument, query.SbiVersion, query.GroupBy, disclosure.Value.MinimumOrganisations, rows);
        return Tagged(context, answers.Keep(key, JsonSerializer.SerializeToUtf8Bytes(response, json.Value.SerializerOptions), "application/json; charset=utf-8"));
    }

    private static async Task<IResult> Trends(
        ObservationReader reader,
        AnswerCache answers,
        IOptions<DisclosureOptions> disclosure,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        IAuthorizationService authorization,
        Caller caller,
        HttpContext context,
        CancellationToken cancellationToken,
        [Required, RegularExpression(IndicatorsApi.InstrumentKeyPattern), Description("Instrument key.")] string? instrument = null,
        [Required, RegularExpression(IndicatorsApi.InstrumentKeyPattern), Description("One dimension key.")] string? dimension = null,
        [RegularExpression(ObservationQuery.RolePattern), Description("One respondent role, or _T for all respondents (the default).")] string? role = null,
        [RegularExpression(ObservationQueryPatterns.GroupBy), Description("Up to four of sector, sizeClass, province and programme, comma-separated, each once.")] string? groupBy = null,
        [RegularExpression(ObservationQuery.SectorListPattern), Description("Sections, or _T; needs sector in groupBy.")] string? sector = null,
        [RegularExpression(ObservationQuery.SizeClassListPattern), Description("Size classes, or _T; needs sizeClass in groupBy.")] string? sizeClass = null,
        [RegularExpression(ObservationQuery.ProvinceListPattern), Description("Province codes, or _T; needs province in groupBy.")] string? province = null,
        [RegularExpression(ObservationQuery.ProgrammeListPattern), Description("Programme ids; needs programme in groupBy and a token.")] string? programme = null,
        [Range(2008, 2025), AllowedList(typeof(ObservationsApi), nameof(SbiVersions)), Description("The SBI view: 2025 (default) or 2008.")] int? sbiVersion = null,
        [RegularExpression(Contracts.Period.SchemaPattern), Description("First period.")] string? startPeriod = null,
        [RegularExpression(Contracts.Period.SchemaPattern), Description("Last period.")] string? endPeriod = null)
    {
        var errors = new ValidationErrors();
        errors.Require(dimension is not null && !dimension.Contains(','), "dimension", "A trend is of one dimension key.");
        errors.Require(role is null || !role.Contains(','), "role", "A trend is of one role, or _T for all respondents.");
        var query = ObservationQuery.Parse(errors, instrument, dimension, role, groupBy, sector, sizeClass, province, programme, sbiVersion, startPeriod, endPeriod, null);
        if (query is null || !errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid");
        }

        var families = await FamiliesAsync(query, reader, authorization, caller, context, cancellationToken);
        if (families.Problem is { } problem)
        {
            return problem;
        }

        var key = AnswerCache.Key("trends", await answers.StateAsync(query.Instrument, cancellationToken), context.Request, false, families.Programmes);
        if (answers.Find(key) is { } known)
        {
            context.Response.Headers.CacheControl = Caching(query, context);
            return Tagged(context, known);
        }

        var result = await reader.ReadAsync(query, families.Programmes, cancellationToken);
        if (result.TooMany)
        {
            return TooMany(result.Count);
        }

        // The series of the dimension as the latest version holding it has it: earlier versions' points
        // only where the versions declare the dimension comparable.
        var root = result.Series.LatestSeriesOfKey(dimension!, result.Rows.Select(r => result.Series.Root(r.InstrumentVersion, r.Dimension)).Distinct());
        var series = result.Rows
            .Where(r => result.Series.Root(r.InstrumentVersion, r.Dimension) == root)
            .GroupBy(r => (r.Programme, r.SectorView, r.Sector, r.SizeClass, r.Province))
            .Select(group =>
            {
                // Per period the series' row (its comparable versions pooled); a point says where the versions changed.
                var points = new List<TrendPoint>();
                IReadOnlyList<int>? previousVersions = null;
                foreach (var period in group.GroupBy(r => r.Period).OrderBy(g => ObservationQuery.Index(Contracts.Period.Parse(g.Key))))
                {
                    var row = period.MaxBy(r => r.InstrumentVersion)!;
                    var versions = Pooled(result.VersionsOf(row), row);
                    points.Add(new TrendPoint
                    {
                        Period = row.Period,
                        InstrumentVersion = versions.Max(),
                        InstrumentVersions = versions,
                        VersionChanged = previousVersions is not null && !previousVersions.SequenceEqual(versions),
                        Status = row.Status,
                        Reason = row.Reason,
                        Organisations = row.Organisations,
                        Mean = row.Mean,
                        ConfidenceInterval = row.CiLower is { } lower && row.CiUpper is { } upper ? new ObservationInterval(0.95, lower, upper) : null,
                        Median = row.Median,
                    });
                    previousVersions = versions;
                }

                var first = group.First();
                var observation = ToObservation(first, false, result.Series, []);
                return new TrendSeries(observation.Sector, observation.SizeClass, observation.Province, observation.Programme, points);
            })
            .ToList();
        context.Response.Headers.CacheControl = Caching(query, context);
        var response = new TrendsResponse(query.Instrument, dimension!, new ObservationSeries(root.Version, root.Dimension), query.Roles[0], query.SbiVersion, query.GroupBy, disclosure.Value.MinimumOrganisations, series);
        return Tagged(context, answers.Keep(key, JsonSerializer.SerializeToUtf8Bytes(response, json.Value.SerializerOptions), "application/json; charset=utf-8"));
    }

    private static IResult CodeList(
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        HttpContext context,
        [Description("sector, sizeClass or province.")] string dimension,
        [Range(2008, 2025), AllowedList(typeof(ObservationsApi), nameof(SbiVersions)), Description("For sector: the SBI version, 2025 (default) or 2008.")] int? sbiVersion = null)
    {
        if (sbiVersion is not (null or SbiCorrespondence.Sbi2008 or SbiCorrespondence.Sbi2025))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sbiVersion"] = ["sbiVersion is 2025 (the default) or 2008."] }, title: "The request is not valid");
        }

        IEnumerable<SbiCorrespondence.Code>? codes = dimension switch
        {
            ObservationQuery.Sector => SbiCorrespondence.Instance.Sections(sbiVersion ?? SbiCorrespondence.Sbi2025),
            ObservationQuery.SizeClass => ObservationCodes.SizeClasses,
            ObservationQuery.Province => ObservationCodes.Provinces,
            _ => null,
        };
        if (codes is null)
        {
            return Problems.NotFound($"No code list '{dimension}': there are sector, sizeClass and province.");
        }

        var sbi = SbiCorrespondence.Instance;
        var sector = dimension == ObservationQuery.Sector;
        var response = new CodeListResponse
        {
            Dimension = dimension,
            SbiVersion = sector ? sbiVersion ?? SbiCorrespondence.Sbi2025 : null,
            Source = sector ? sbi.Source : null,
            Rule = sector ? sbi.Rule : null,
            Codes = codes.Select(c => new CodedValue(c.Value, c.Label)).Prepend(new CodedValue(ObservationCodes.Total, ObservationCodes.TotalLabel)).ToList(),
        };
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return Tagged(context, JsonSerializer.SerializeToUtf8Bytes(response, json.Value.SerializerOptions), "application/json; charset=utf-8");
    }

    private static async Task<IResult> Release(ReleaseJob job, ReleaseRequest? request, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ReleasesResponse(await job.RunOnceAsync(cancellationToken, request?.IgnoreGrace == true)));

    // The rebuild runs to its end even when the caller stops waiting: a client's timeout must not roll back
    // an hour's work. Only the host stopping ends it.
    private static async Task<IResult> Rebuild(ReleaseJob job, IHostApplicationLifetime lifetime) =>
        TypedResults.Ok(new ReleasesResponse(await job.RebuildAsync(lifetime.ApplicationStopping)));

    public static IReadOnlyList<int> SbiVersions { get; } = [SbiCorrespondence.Sbi2008, SbiCorrespondence.Sbi2025];

    public static IReadOnlyList<string> Formats { get; } = ["csv", "json"];

    /// <summary>Which programme families the caller gets; a problem when it asks for programme rows it may not see.</summary>
    private static async Task<(IReadOnlyList<string> Programmes, IResult? Problem)> FamiliesAsync(
        ObservationQuery query, ObservationReader reader, IAuthorizationService authorization, Caller caller, HttpContext context, CancellationToken cancellationToken)
    {
        if (!query.Groups(ObservationQuery.Programme))
        {
            return ([], null);
        }

        if (!(await authorization.AuthorizeAsync(context.User, Capabilities.IndicatorsReadProgramme)).Succeeded)
        {
            return ([], context.User.Identity?.IsAuthenticated == true ? TypedResults.Forbid() : TypedResults.Challenge());
        }

        if (query.Programmes.Count > 0)
        {
            // Another programme's figures are as unknown to a programme client as its members are.
            if (query.Programmes.Where(p => !caller.Reaches([p])).Select(p => (Guid?)p).FirstOrDefault() is { } other)
            {
                return ([], Problems.NotFound($"No observations of programme {other} for this client."));
            }

            return (query.Programmes.Select(p => p.ToString("D")).ToList(), null);
        }

        if (caller.IsProgrammeOnly)
        {
            return (caller.ProgrammeId is { } own ? [own.ToString("D")] : [], null);
        }

        return (await reader.ProgrammesAsync(query.Instrument, cancellationToken), null);
    }

    // Shared caches may keep only what anyone may read: open national rows. What a token reads varies with
    // the token: a browser must not answer the next caller (another programme) from its cache.
    private static string Caching(ObservationQuery query, HttpContext context)
    {
        if (!query.Groups(ObservationQuery.Programme) && context.RequestServices.GetRequiredService<IOptions<ReportingAccessOptions>>().Value.PublicIndicators)
        {
            return "public, max-age=60";
        }

        context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Authorization);
        return "private, max-age=60";
    }

    private static IResult TooMany(int count) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]>
        {
            ["groupBy"] = [$"This query gives {count} rows; one answer holds at most {ObservationQuery.MaxRows}. Narrow it with filters, fewer groupBy dimensions, a dimension or a shorter period range."],
        },
        title: "The request is not valid");

    private static IResult Tagged(HttpContext context, byte[] body, string contentType)
    {
        var tag = "\"" + Convert.ToHexString(SHA256.HashData(body))[..32] + "\"";
        return Tagged(context, new AnswerCache.Answer(body, tag, contentType));
    }

    private static IResult Tagged(HttpContext context, AnswerCache.Answer answer)
    {
        // A kept answer goes out gzip-compressed to a client that takes it (browsers, curl --compressed).
        var gzip = answer.Compressible && AcceptsGzip(context.Request);
        var tag = gzip ? answer.GzipTag : answer.Tag;
        if (answer.Compressible)
        {
            context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        }

        context.Response.Headers.ETag = tag;
        var notModified = context.Request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Select(v => v.Trim()).Any(v => v == "*" || v == tag || v == "W/" + tag));
        if (notModified)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        if (gzip)
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return TypedResults.Bytes(answer.Gzipped, answer.ContentType);
        }

        return TypedResults.Bytes(answer.Body, answer.ContentType);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e => string.Equals(e.Value.Value, "gzip", StringComparison.OrdinalIgnoreCase) && e.Quality != 0);

    // CSV only when asked for and preferred to JSON: a client that accepts both gets JSON.
    private static bool WantsCsv(HttpContext context)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        double Quality(string type) => accept
            .Where(a => a.Quality != 0 && new MediaTypeHeaderValue(type).IsSubsetOf(a) && !a.MatchesAllTypes)
            .Select(a => a.Quality ?? 1)
            .DefaultIfEmpty(0)
            .Max();
        var csv = Quality("text/csv");
        return csv > 0 && csv > Quality("application/json");
    }

    /// <summary>The versions of a row, or its own version where its release says none (a period not released yet).</summary>
    private static IReadOnlyList<int> Pooled(IReadOnlyList<int> versions, ObservationRow row) => versions.Count > 0 ? versions : [row.InstrumentVersion];

    public static Observation ToObservation(ObservationRow row, bool withMoment, Aggregation.InstrumentSeries series, IReadOnlyList<int> versions)
    {
        var (firstVersion, firstDimension) = series.Root(row.InstrumentVersion, row.Dimension);
        versions = Pooled(versions, row);
        var latest = versions.Max();
        var sectors = SbiCorrespondence.Instance.Sections(row.SectorView == SbiCorrespondence.Sbi2008 ? SbiCorrespondence.Sbi2008 : SbiCorrespondence.Sbi2025);
        return new Observation
        {
            InstrumentVersion = latest,
            Dimension = series.KeyIn(latest, (firstVersion, firstDimension)),
            InstrumentVersions = versions,
            Series = new ObservationSeries(firstVersion, firstDimension),
            Role = row.Role,
            Period = row.Period,
            Sector = new CodedValue(row.Sector, ObservationCodes.Label(sectors, row.Sector)),
            SizeClass = new CodedValue(row.SizeClass, ObservationCodes.Label(ObservationCodes.SizeClasses, row.SizeClass)),
            Province = new CodedValue(row.Province, ObservationCodes.Label(ObservationCodes.Provinces, row.Province)),
            Programme = new CodedValue(row.Programme, row.Programme == ObservationRow.National ? ObservationCodes.NationalLabel : "Programma " + row.Programme),
            Status = row.Status,
            Reason = row.Reason,
            Organisations = row.Organisations,
            Respondents = row.Respondents,
            Mean = row.Mean,
            StandardDeviation = row.StandardDeviation,
            ConfidenceInterval = row.CiLower is { } lower && row.CiUpper is { } upper ? new ObservationInterval(0.95, lower, upper) : null,
            Median = row.Median,
            P25 = row.P25,
            P75 = row.P75,
            ChangedAt = withMoment ? row.ChangedAt : null,
        };
    }

    /// <summary>The rows as CSV: one header row, codes and labels, a status column; empty fields where a cell has no figure.</summary>
    public static string Csv(IEnumerable<Observation> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);

        // Labels are text a spreadsheet could take for a formula: escaped. Numbers are written as numbers.
        var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, true);
        csv.WriteHeader(CsvHeader.ToArray());
        foreach (var row in rows)
        {
            csv.WriteField<int>(row.InstrumentVersion, default);
            csv.WriteField(row.Dimension);
            csv.WriteField(row.Role);
            csv.WriteField<int>(row.Series.InstrumentVersion, default);
            csv.WriteField(row.Series.Dimension);
            csv.WriteField(row.Period);
            csv.WriteField(row.Sector.Code);
            csv.WriteField(row.Sector.Label);
            csv.WriteField(row.SizeClass.Code);
            csv.WriteField(row.SizeClass.Label);
            csv.WriteField(row.Province.Code);
            csv.WriteField(row.Province.Label);
            csv.WriteField(row.Programme.Code);
            csv.WriteField(row.Status);
            csv.WriteField(row.Reason ?? "");
            csv.WriteField<long>(row.Organisations, default);
            csv.WriteField<long>(row.Respondents, default);
            csv.WriteField<double>(row.Mean, "R");
            csv.WriteField<double>(row.StandardDeviation, "R");
            csv.WriteField<double>(row.ConfidenceInterval?.Lower, "R");
            csv.WriteField<double>(row.ConfidenceInterval?.Upper, "R");
            csv.WriteField<double>(row.Median, "R");
            csv.WriteField<double>(row.P25, "R");
            csv.WriteField<double>(row.P75, "R");
            csv.WriteField(string.Join(' ', row.InstrumentVersions));
            csv.EndRecord();
        }

        csv.Flush();
        csv.Dispose();
        return text.ToString();
    }

    public static IReadOnlyList<string> CsvHeader { get; } =
    [
        "instrumentVersion", "dimension", "role", "seriesVersion", "seriesDimension", "period", "sector", "sectorLabel", "sizeClass", "sizeClassLabel", "province", "provinceLabel",
        "programme", "status", "reason", "organisations", "respondents", "mean", "standardDeviation", "ciLower", "ciUpper", "median", "p25", "p75", "instrumentVersions",
    ];

}

/// <summary>Patterns computed once, as constants the attributes can take.</summary>
public static class ObservationQueryPatterns
{
    /// <summary>groupBy: every ordered selection of one to four grouping names (a test holds it equal to <see cref="ObservationQuery.GroupByPattern"/>).</summary>
    public const string GroupBy =
        "^(sector|sizeClass|province|programme|sector,sizeClass|sector,province|sector,programme|sizeClass,sector|sizeClass,province|sizeClass,programme|province,sector|province,sizeClass|province,programme|programme,sector|programme,sizeClass|programme,province|sector,sizeClass,province|sector,sizeClass,programme|sector,province,sizeClass|sector,province,programme|sector,programme,sizeClass|sector,programme,province|sizeClass,sector,province|sizeClass,sector,programme|sizeClass,province,sector|sizeClass,province,programme|sizeClass,programme,sector|sizeClass,programme,province|province,sector,sizeClass|province,sector,programme|province,sizeClass,sector|province,sizeClass,programme|province,programme,sector|province,programme,sizeClass|programme,sector,sizeClass|programme,sector,province|programme,sizeClass,sector|programme,sizeClass,province|programme,province,sector|programme,province,sizeClass|sector,sizeClass,province,programme|sector,sizeClass,programme,province|sector,province,sizeClass,programme|sector,province,programme,sizeClass|sector,programme,sizeClass,province|sector,programme,province,sizeClass|sizeClass,sector,province,programme|sizeClass,sector,programme,province|sizeClass,province,sector,programme|sizeClass,province,programme,sector|sizeClass,programme,sector,province|sizeClass,programme,province,sector|province,sector,sizeClass,programme|province,sector,programme,sizeClass|province,sizeClass,sector,programme|province,sizeClass,programme,sector|province,programme,sector,sizeClass|province,programme,sizeClass,sector|programme,sector,sizeClass,province|programme,sector,province,sizeClass|programme,sizeClass,sector,province|programme,sizeClass,province,sector|programme,province,sector,sizeClass|programme,province,sizeClass,sector)$";
}
