"""The remarks on an architecture file (advisor/archnotes.py, advisor/places.py), in English and
French, as `Said` sentences (advisor/said.py): written while the file is read, where no language
is known, and worded again in the report's language.
"""

from __future__ import annotations

from advisor.said import Said

WORDS = {
    "en": {
        "clouds_empty": ("an empty list allows no cloud's tools: only open-source ones are suggested, as with [on-prem]; "
                         "leave the field out to allow the file's own cloud"),
        "fraction": "{pct:g} % — did you mean {times:g} %? The field is a percentage (30 means −30 % energy)",
        "not_on_cloud": ("{accelerator} is not known on {provider}; the knowledge base lists it on {clouds} (check the "
                         "accelerator and the cloud)"),
        "states": "weights, gradients and Adam states",
        "weights_at": "weights at {precision}",
        "no_fit": ("{params:g} B parameters need ≈ {gb:,.0f} GB of accelerator memory ({bytes:g} bytes per parameter "
                   "for {what}, × {overhead:g} for activations and buffers); {count} × {accelerator} hold {held:,.0f} GB: "
                   "the model does not fit (check model.parameters_b and hardware.count)"),
        "no_precision": ("{accelerator} has no {precision} support (knowledge base): the model cannot run in {precision} "
                         "on it (check the precision and the accelerator)"),
        "role_training": "training",
        "role_inference": "inference",
        "wrong_role": ("{accelerator} is built for {roles} (knowledge base roles), not for a {kind} job (check the "
                       "accelerator and the kind)"),
        "below_floor": ("{current:g} is already below the floor of {minimum:g} ({metric}): every action that may lower "
                        "accuracy is ruled out (check the values: a higher {metric} is read as better)"),
        # advisor/loader.py
        "unknown_field": "ignored unknown field '{where}'",
        "api_hardware": "ignored 'hardware' of llm-api workload '{name}': its model runs on the API provider's hardware",
        "default_used": "workload '{name}': hardware.{field} not given, assumed {default}; set it in the file for a better estimate",
        # advisor/places.py
        "display_name": "'{written}' is the display name of {provider} region {region}; read as {region}",
        "zone": "'{written}' is a zone of {provider} region {region}; the grid figure is the region's",
    },
    "fr": {
        "clouds_empty": ("une liste vide n'autorise les outils d'aucun cloud : seuls des outils open source sont "
                         "proposés, comme avec [on-prem] ; omettez le champ pour autoriser le cloud du fichier"),
        "fraction": ("{pct:g}\u00a0% — vouliez-vous dire {times:g}\u00a0% ? Le champ est un pourcentage (30 signifie "
                     "−30\u00a0% d'énergie)"),
        "not_on_cloud": ("{accelerator} n'est pas connu sur {provider} ; la base de connaissances le répertorie sur "
                         "{clouds} (vérifiez l'accélérateur et le cloud)"),
        "states": "poids, gradients et états d'Adam",
        "weights_at": "poids en {precision}",
        "no_fit": ("{params:g} B paramètres demandent ≈ {gb:,.0f} Go de mémoire d'accélérateur ({bytes:g} octets par "
                   "paramètre pour {what}, × {overhead:g} pour les activations et tampons) ; {count} × {accelerator} "
                   "offrent {held:,.0f} Go : le modèle ne tient pas (vérifiez model.parameters_b et hardware.count)"),
        "no_precision": ("{accelerator} ne prend pas en charge {precision} (base de connaissances) : le modèle ne peut "
                         "pas y tourner en {precision} (vérifiez la précision et l'accélérateur)"),
        "role_training": "l'entraînement",
        "role_inference": "l'inférence",
        "wrong_role": ("{accelerator} est conçu pour {roles} (rôles de la base de connaissances), pas pour une charge "
                       "{kind} (vérifiez l'accélérateur et le type)"),
        "below_floor": ("{current:g} est déjà sous le plancher de {minimum:g} ({metric}) : toute action susceptible de "
                        "réduire la précision est exclue (vérifiez les valeurs : une valeur {metric} plus haute est lue "
                        "comme meilleure)"),
        "unknown_field": "champ inconnu « {where} » ignoré",
        "api_hardware": ("« hardware » de la charge llm-api « {name} » ignoré : son modèle tourne sur le matériel du "
                         "fournisseur de l'API"),
        "default_used": ("charge « {name} » : hardware.{field} non renseigné, {default} supposé ; indiquez-le dans le "
                         "fichier pour une meilleure estimation"),
        "display_name": "« {written} » est le nom affiché de la région {provider} {region} ; lu comme {region}",
        "zone": "« {written} » est une zone de la région {provider} {region} ; le chiffre du réseau est celui de la région",
    },
}


def say(key: str, **values) -> Said:
    return Said(WORDS, key, **values)
