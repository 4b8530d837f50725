using System.Text;

namespace WeComGateway.Cli.Leads;

/// <summary>One row of a lead CSV: its line number (for messages) and the lead as the admin API takes it.</summary>
internal sealed record LeadRow(int Line, string Phone, string Name, string Source, IReadOnlyList<string> Tags);

/// <summary>
/// Lead files: UTF-8 CSV (RFC 4180: commas, double-quoted fields with <c>""</c> for a quote, CRLF or LF), a header
/// naming the columns <c>phone</c>, <c>name</c>, <c>source</c>, <c>tags</c> (any order, case-insensitive; <c>tags</c>
/// and <c>source</c> optional), tags within their cell separated by <c>;</c>. A row without a source takes
/// <c>defaultSource</c>.
/// </summary>
internal static class LeadCsv
{
    public static IReadOnlyList<LeadRow> Read(TextReader reader, string defaultSource)
    {
        var records = Records(reader).ToList();
        if (records.Count == 0)
        {
            throw new CliUsageException("the CSV file is empty: it needs a header (phone,name,source,tags) and one row per lead.");
        }

        var header = records[0].Fields.Select(f => f.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        int Column(string name) => header.IndexOf(name);
        var phone = Column("phone");
        var name = Column("name");
        if (phone < 0 || name < 0)
        {
            throw new CliUsageException("the CSV header must name the columns phone and name (source and tags are optional).");
        }

        var source = Column("source");
        var tags = Column("tags");
        var rows = new List<LeadRow>(records.Count - 1);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string Cell(int index) => index >= 0 && index < fields.Count ? fields[index].Trim() : string.Empty;
            var rowSource = Cell(source);
            rows.Add(new LeadRow(
                line,
                Cell(phone),
                Cell(name),
                rowSource.Length > 0 ? rowSource : defaultSource,
                [.. Cell(tags).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]));
        }

        return rows;
    }

    /// <summary>RFC 4180 records with the line each starts on; a quoted field may span lines.</summary>
    private static IEnumerable<(int Line, List<string> Fields)> Records(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var start = 1;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            any = true;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return (start, fields);
                    fields = [];
                    any = false;
                    start = ++line;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (quoted)
        {
            throw new CliUsageException($"the CSV file ends inside a quoted field (opened on line {start}).");
        }

        if (any)
        {
            fields.Add(field.ToString());
            yield return (start, fields);
        }
    }
}
