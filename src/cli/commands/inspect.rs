//! `gluteus inspect FILE... [--json] [--messages]`.

use super::super::args::InspectArgs;
use super::super::{ExitStatus, print_failure, print_warning};
use gluteus::ingest;
use std::io::Write;

pub(crate) fn run(args: &InspectArgs) -> anyhow::Result<ExitStatus> {
    if args.messages {
        return messages(args);
    }
    let mut failed = 0;
    let mut documents = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in &args.files {
        let name = path.display().to_string();
        match ingest::read(path) {
            Ok(recording) => {
                let inspection = gluteus::report::inspect(&name, &recording);
                if args.json {
                    documents.push(serde_json::to_value(&inspection)?);
                    // serde_json keeps struct field order (preserve_order), so the JSON reads as docs/output.md lists it.
                } else {
                    for warning in inspection.warnings() {
                        print_warning(&name, warning);
                    }
                    write!(out, "{}", inspection.to_text())?;
                }
            }
            Err(error) => {
                failed += 1;
                print_failure(&error);
            }
        }
    }
    if args.json {
        write_json(&mut out, documents, args.files.len())?;
    }
    out.flush()?;
    Ok(ExitStatus::of(args.files.len(), failed))
}

/// One object for one input, an array for several (docs/output.md).
pub(crate) fn write_json(
    out: &mut impl Write,
    mut documents: Vec<serde_json::Value>,
    inputs: usize,
) -> anyhow::Result<()> {
    if inputs == 1 {
        if let Some(only) = documents.pop() {
            serde_json::to_writer_pretty(&mut *out, &only)?;
            writeln!(out)?;
        }
    } else {
        serde_json::to_writer_pretty(&mut *out, &documents)?;
        writeln!(out)?;
    }
    Ok(())
}

fn messages(args: &InspectArgs) -> anyhow::Result<ExitStatus> {
    let mut failed = 0;
    let mut documents = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in &args.files {
        let name = path.display().to_string();
        let dump = match ingest::fit_messages(path) {
            Ok(dump) => dump,
            Err(error) => {
                failed += 1;
                print_failure(&error);
                continue;
            }
        };
        if let Some(error) = &dump.error {
            print_warning(
                &name,
                &format!(
                    "fitparser stopped: {error}; showing the {} before",
                    if dump.messages.len() == 1 {
                        "1 message".to_owned()
                    } else {
                        format!("{} messages", dump.messages.len())
                    }
                ),
            );
        }
        if args.json {
            documents.push(serde_json::json!({ "file": name, "messages": dump.messages, "error": dump.error }));
            continue;
        }
        writeln!(out, "{name}")?;
        for message in &dump.messages {
            writeln!(out, "{}", message.name)?;
            for field in &message.fields {
                let value = match &field.value {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                if field.units.is_empty() {
                    writeln!(out, "  {}: {value}", field.name)?;
                } else {
                    writeln!(out, "  {}: {value} {}", field.name, field.units)?;
                }
            }
        }
    }
    if args.json {
        write_json(&mut out, documents, args.files.len())?;
    }
    out.flush()?;
    Ok(ExitStatus::of(args.files.len(), failed))
}
