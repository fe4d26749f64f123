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
internal sealed class NdjsonRowWriter : IFlatRowSink
{
    private static readonly JsonWriterOptions _options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText _sourceFile = JsonEncodedText.Encode(StagingColumns.SourceFile);
    private static readonly JsonEncodedText _sourceRecord = JsonEncodedText.Encode(StagingColumns.SourceRecord);
    private static readonly JsonEncodedText _row = JsonEncodedText.Encode(StagingColumns.Row);
    private static readonly JsonEncodedText _shard = JsonEncodedText.Encode(StagingColumns.Shard);
    private static readonly JsonEncodedText _sequenceNumber = JsonEncodedText.Encode(StagingColumns.SequenceNumber);
    private static readonly JsonEncodedText _arrivalTime = JsonEncodedText.Encode(StagingColumns.ArrivalTime);

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;
    private Lineage _lineage;
    private int _rowNumber;

    public NdjsonRowWriter()
    {
        _writer = new Utf8JsonWriter(_buffer, _options);
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
            if (name.Length == 0 || (name[0] == '_' && StagingColumns.IsReserved(name)))
            {
                throw new TransformFailure(
                    TransformErrorCodes.InvalidColumnName,
                    name.Length == 0
                        ? "A flattened column has an empty name (the record has an empty key at the top level)."
                        : $"The flattened column '{name}' clashes with a staging metadata column of the same name.");
            }

            _writer.WritePropertyName(name);
            if (column.IsNull)
            {
                _writer.WriteNullValue();
            }
            else
            {
                _writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(column.Value), skipInputValidation: true);
            }
        }

        WriteString(_sourceFile, _lineage.SourceFile);
        WriteNumber(_sourceRecord, _lineage.SourceRecord);
        _writer.WriteNumber(_row, _rowNumber++);
        WriteString(_shard, _lineage.Shard);
        WriteString(_sequenceNumber, _lineage.SequenceNumber);
        WriteNumber(_arrivalTime, _lineage.ArrivalMilliseconds);
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
