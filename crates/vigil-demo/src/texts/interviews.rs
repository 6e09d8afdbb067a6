//! What persons deprived of liberty told the team in private, by kind of place. Invented
//! accounts, never a name.

use crate::places::Setting;

pub(crate) fn accounts(setting: Setting) -> &'static [&'static str] {
    match setting {
        Setting::Police => &[
            "Says he was apprehended at night, questioned for several hours without a lawyer and signed a statement he had not read.",
            "Reports being slapped by an officer during questioning; was not seen by a doctor.",
            "Was not allowed to call his family until the next morning.",
            "Satisfied with treatment: received food and water and was told his rights orally, but got no written copy.",
            "Held in the cell for two days; no shower, no mattress, light on all night.",
        ],
        Setting::Prison => &[
            "Describes an overcrowded cell where prisoners sleep in turns; toilet not partitioned.",
            "Complains of having no work; out of the cell for one hour a day only.",
            "Fears other prisoners after complaining about the informal leader of the unit; asks not to be quoted.",
            "Waited three weeks to see the dentist; painkillers only.",
            "Sees family only behind glass; has not held his children for a year.",
            "Says staff are correct; the education programme helped him finish school.",
        ],
        Setting::Migrant => &[
            "Does not know why he is detained or for how long; there was no interpreter at the hearing.",
            "Asked for asylum at the border but says the request was never registered.",
            "Phone taken on arrival; cannot reach family or a lawyer.",
            "Good relations with staff; free calls to an NGO helped her find a lawyer.",
            "Describes being handcuffed during a failed removal attempt; shows marks on the wrists.",
        ],
        Setting::Care => &[
            "Says she wants to go home but does not know who decides or how to ask.",
            "Was tied to the bed after an argument with another resident; felt humiliated.",
            "Likes the workshop and the garden; would like to go to town more often.",
            "Has never met her guardian and does not know what happens to her pension.",
            "Says night staff lock the corridor door and nobody answers when he calls.",
        ],
        Setting::Youth => &[
            "Says he spent two days in the 'quiet room' after a fight.",
            "Goes to school only two hours a day and worries about the final exams.",
            "Older boys take the food parcels sent by families; staff do nothing.",
            "Likes the football coach; calls his mother every week.",
            "Was handcuffed during the transfer here; nobody explained where he was going.",
        ],
    }
}

/// Languages interpreted, most common first.
pub(crate) fn languages(setting: Setting) -> &'static [&'static str] {
    match setting {
        Setting::Migrant => &["Arabic", "Dari", "Pashto", "Tigrinya", "Somali", "French", "Urdu", "Russian"],
        _ => &["Romani", "Russian", "Sign language", "English"],
    }
}
