//! A Strava bulk export's `activities.csv`: each activity file's name and type. Its header is
//! localised and repeats some column names, so columns are found by known spellings and else by
//! position, and an unknown header never fails the batch.

use std::collections::HashMap;

/// An activity's name and type, as `activities.csv` gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    /// The activity's name.
    pub name: String,
    /// Its type (`Run`, `Trail Run`, `Ride`, ...).
    pub kind: String,
}

const NAME: &[&str] = &[
    "activity name",
    "nombre de la actividad",
    "nom de l'activité",
    "aktivitätsname",
    "nome attività",
    "nome da atividade",
    "naam activiteit",
];
const TYPE: &[&str] = &[
    "activity type",
    "tipo de actividad",
    "type d'activité",
    "aktivitätsart",
    "tipo di attività",
    "tipo de atividade",
    "type activiteit",
];
const FILE: &[&str] = &[
    "filename",
    "nombre del archivo",
    "nom du fichier",
    "dateiname",
    "nome del file",
    "nome do arquivo",
    "bestandsnaam",
];

/// The activity types that are not runs: such activities are skipped without decoding. A type not
/// listed (a localised one, a new one) is decoded, and the file's own sport decides.
const NOT_RUNS: &[&str] = &[
    "ride",
    "virtual ride",
    "virtualride",
    "e-bike ride",
    "ebikeride",
    "mountain bike ride",
    "mountainbikeride",
    "gravel ride",
    "gravelride",
    "walk",
    "hike",
    "swim",
    "rowing",
    "kayaking",
    "canoeing",
    "alpine ski",
    "alpineski",
    "backcountry ski",
    "backcountryski",
    "nordic ski",
    "nordicski",
    "snowboard",
    "snowshoe",
    "ice skate",
    "iceskate",
    "inline skate",
    "inlineskate",
    "workout",
    "weight training",
    "weighttraining",
    "yoga",
    "crossfit",
    "elliptical",
    "stair stepper",
    "stairstepper",
    "rock climbing",
    "rockclimbing",
    "golf",
    "handcycle",
    "wheelchair",
    "velomobile",
    "windsurf",
    "kitesurf",
    "surfing",
    "stand up paddling",
    "standuppaddling",
    "sail",
    "skateboard",
    "soccer",
    "tennis",
    "badminton",
    "pickleball",
    "padel",
    "squash",
    "table tennis",
];

/// Whether an activity type is known not to be a run.
pub fn not_a_run(kind: &str) -> bool {
    let k = kind.trim().to_lowercase();
    NOT_RUNS.contains(&k.as_str())
}

/// The activities of an `activities.csv`, by file name as written there (`activities/123.fit.gz`).
/// Rows without a file name (manual entries) are left out.
pub fn read(csv_bytes: &[u8]) -> HashMap<String, Activity> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(csv_bytes);
    let mut records = reader.records().filter_map(Result::ok);
    let Some(header) = records.next() else {
        return HashMap::new();
    };
    let find = |names: &[&str], position: usize| {
        header
            .iter()
            .position(|h| names.contains(&h.trim().trim_start_matches('\u{feff}').to_lowercase().as_str()))
            .unwrap_or(position)
    };
    let (name, kind, file) = (find(NAME, 2), find(TYPE, 3), find(FILE, 12));
    records
        .filter_map(|r| {
            let f = r.get(file)?.trim();
            (!f.is_empty()).then(|| {
                (
                    f.to_owned(),
                    Activity {
                        name: r.get(name).unwrap_or("").to_owned(),
                        kind: r.get(kind).unwrap_or("").to_owned(),
                    },
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_by_spelling_then_by_position() {
        let english = "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Distance\n\
                       1,\"Mar 15, 2024, 6:12:03 AM\",Morning run,Run,,1800,5.0,170,30,false,,,activities/1.fit.gz,5000\n\
                       2,\"Mar 16, 2024, 6:12:03 AM\",Commute,Ride,,1800,15.0,,,true,,,activities/2.gpx,15000\n\
                       3,\"Mar 17, 2024, 6:12:03 AM\",Manual,Run,,1800,5.0,,,false,,,,5000\n";
        let a = read(english.as_bytes());
        assert_eq!(a.len(), 2);
        assert_eq!(a["activities/1.fit.gz"].name, "Morning run");
        assert!(not_a_run(&a["activities/2.gpx"].kind) && !not_a_run(&a["activities/1.fit.gz"].kind));
        // Spanish, columns moved: found by spelling.
        let spanish = "ID de actividad,Nombre del archivo,Tipo de actividad,Nombre de la actividad\n9,activities/9.tcx,Carrera,Vuelta\n";
        let a = read(spanish.as_bytes());
        assert_eq!(
            a["activities/9.tcx"],
            Activity {
                name: "Vuelta".into(),
                kind: "Carrera".into()
            }
        );
        assert!(!not_a_run("Carrera"), "an unknown type is decoded");
        // Nonsense never fails: a header and no rows.
        assert!(read(b"\xff\xfe garbage").is_empty());
    }
}
