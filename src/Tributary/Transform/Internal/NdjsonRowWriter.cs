using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tributary.Flatten;
using Tributary.Staging;

namespace Tributary.Transform.Internal;

/// <summary>
/// Writes flattened rows as newline-delimited JSON: the data columns with their values exactly as written, then the
/// staging metadata columns.
/// </summary>
internal sealed class NdjsonRowWriter : IFlatRowSink, IOnePassValueSink
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText SourceFile = JsonEncodedText.Encode(StagingColumns.SourceFile);
    private static readonly JsonEncodedText SourceRecord = JsonEncodedText.Encode(StagingColumns.SourceRecord);
    private static readonly JsonEncodedText RowField = JsonEncodedText.Encode(StagingColumns.Row);
    private static readonly JsonEncodedText Shard = JsonEncodedText.Encode(StagingColumns.Shard);
    private static readonly JsonEncodedText SequenceNumber = JsonEncodedText.Encode(StagingColumns.SequenceNumber);
    private static readonly JsonEncodedText ArrivalTime = JsonEncodedText.Encode(StagingColumns.ArrivalTime);

    // Flattened keys are canonical instances, repeated record after record: encode each once.
    private readonly Dictionary<string, JsonEncodedText> _encodedNames = new(ReferenceEqualityComparer.Instance);
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;
    private Lineage _lineage;
    private int _rowNumber;

    public NdjsonRowWriter()
    {
        _writer = new Utf8JsonWriter(_buffer, Options);
    }

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void Begin(Lineage lineage)
    {
        _buffer.ResetWrittenCount();
        _lineage = lineage;
        _rowNumber = 0;
    }

    public void OnRow(ReadOnlySpan<FlatColumn> columns)
    {
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        foreach (var column in columns)
        {
            var name = column.Name;
            StagingColumnName.Check(name);

            if (!_encodedNames.TryGetValue(name, out var encoded))
            {
                if (_encodedNames.Count > 50_000)
                {
                    _encodedNames.Clear();
                }

                encoded = JsonEncodedText.Encode(name, Options.Encoder);
                _encodedNames.Add(name, encoded);
            }

            _writer.WritePropertyName(encoded);
            if (column.IsNull)
            {
                _writer.WriteNullValue();
            }
            else
            {
                _writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(column.Value), skipInputValidation: true);
            }
        }

        EndRow();
    }

    /// <inheritdoc />
    public void BeginOnePass()
    {
        _buffer.ResetWrittenCount();
        _rowNumber = 0;
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
    }

    /// <inheritdoc />
    public void OnePassValue(ColumnSlot column, OnePassValueKind kind, ReadOnlySpan<byte> raw)
    {
        _writer.WritePropertyName(column.Encoded);
        if (kind == OnePassValueKind.Null)
        {
            _writer.WriteNullValue();
        }
        else
        {
            _writer.WriteRawValue(raw, skipInputValidation: true);
        }
    }

    /// <inheritdoc />
    public void OnePassNull(ColumnSlot column)
    {
        _writer.WritePropertyName(column.Encoded);
        _writer.WriteNullValue();
    }

    /// <summary>Ends the one-pass record's row with the metadata columns.</summary>
    public void EndOnePass(Lineage lineage)
    {
        _lineage = lineage;
        EndRow();
    }

    private void EndRow()
    {
        WriteString(SourceFile, _lineage.SourceFile);
        WriteNumber(SourceRecord, _lineage.SourceRecord);
        _writer.WriteNumber(RowField, _rowNumber++);
        WriteString(Shard, _lineage.Shard);
        WriteString(SequenceNumber, _lineage.SequenceNumber);
        WriteNumber(ArrivalTime, _lineage.ArrivalMilliseconds);
        _writer.WriteEndObject();
        _writer.Flush();
        _buffer.Write("\n"u8);
    }

    private void WriteString(JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            _writer.WriteNull(name);
        }
        else
        {
            _writer.WriteString(name, value);
        }
    }

    private void WriteNumber(JsonEncodedText name, long? value)
    {
        if (value is { } number)
        {
            _writer.WriteNumber(name, number);
        }
        else
        {
            _writer.WriteNull(name);
        }
    }
}
